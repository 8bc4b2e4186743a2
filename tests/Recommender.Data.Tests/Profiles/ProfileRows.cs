namespace Recommender.Data.Tests.Profiles;

/// <summary>Three valid profiles as raw columns, with one extra numeric and one extra string column.</summary>
internal sealed class ProfileRows
{
    public static readonly DateTime T0 = new(2023, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    public string?[] UserId { get; } = ["u0", "u1", "u2"];

    public DateTime?[] SignupAt { get; } = [T0, T0.AddDays(1), T0.AddDays(2)];

    public string?[] Country { get; } = ["DE", "US", "FR"];

    public string?[] Timezone { get; } = ["Europe/Berlin", "America/New_York", "Europe/Paris"];

    public long?[] CompanySize { get; } = [12, null, 250];

    public string?[] Plan { get; } = ["free", "pro", "team"];

    public double?[] Seats { get; } = [1, 5, null];

    public string?[] Industry { get; } = ["retail", null, "saas"];

    public Dictionary<string, RawColumn?> Replace { get; } = new(StringComparer.Ordinal);

    public List<RawColumn> Extra { get; } = [];

    public Task WriteAsync(string path)
    {
        RawColumn[] standard =
        [
            RawColumn.Strings("user_id", UserId),
            RawColumn.Timestamps("signup_at", SignupAt),
            RawColumn.Strings("country", Country),
            RawColumn.Strings("timezone", Timezone),
            RawColumn.Longs("company_size", CompanySize),
            RawColumn.Strings("plan", Plan),
            RawColumn.Doubles("seats", Seats),
            RawColumn.Strings("industry", Industry),
        ];
        var columns = standard
            .Select(c => Replace.TryGetValue(c.Field.Name, out var replacement) ? replacement : c)
            .OfType<RawColumn>()
            .Concat(Extra)
            .ToArray();
        return RawParquet.WriteAsync(path, columns);
    }
}
