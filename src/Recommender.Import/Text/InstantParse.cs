namespace Recommender.Import.Text;

/// <summary>How a timestamp read: an instant, a wall clock without a zone, or no timestamp at all.</summary>
internal enum InstantParse
{
    Ok,
    NoZone,
    Invalid,
}
