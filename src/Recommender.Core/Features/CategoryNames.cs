using Recommender.Core.Catalog;

namespace Recommender.Core.Features;

/// <summary>
/// The data contract's lower-case category names (<c>marketing</c>, …), as they appear in catalog JSON and in
/// the <c>category</c> property of opt-out events; cached so the hot path does not allocate them.
/// </summary>
public static class CategoryNames
{
    private static readonly string[] Names = Enum.GetValues<MessageCategory>()
        .Select(c => c.ToString().ToLowerInvariant())
        .ToArray();

    public static IReadOnlyList<string> All => Names;

    public static int Count => Names.Length;

    public static string Of(MessageCategory category) => Names[(int)category];
}
