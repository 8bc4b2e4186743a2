namespace Recommender.Import.Segment;

/// <summary>The Segment spec's call types (the <c>type</c> field), plus what a line may hold instead.</summary>
internal enum SegmentCallType
{
    Missing,
    Unknown,
    Track,
    Identify,
    Page,
    Screen,
    Group,
    Alias,
}
