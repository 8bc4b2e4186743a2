using Recommender.Core.Events;

namespace Recommender.Data.Events;

/// <summary>
/// The valid, de-duplicated events of one Parquet row group: one batch per row group, empty when
/// every row of the group was a duplicate or (under <see cref="ErrorPolicy.Collect"/>) rejected.
/// </summary>
/// <param name="Events">Events in file order.</param>
/// <param name="File">The file the row group belongs to.</param>
/// <param name="FirstRow">0-based row index, within <paramref name="File"/>, of the row group's first row.</param>
public sealed record EventBatch(IReadOnlyList<UserEvent> Events, string File, long FirstRow);
