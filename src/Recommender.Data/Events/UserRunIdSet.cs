using Recommender.Core.Events;

namespace Recommender.Data.Events;

/// <summary>
/// The event ids of the current run of one user's consecutive events, to skip a redelivery within it
/// (<see cref="EventReadOptions.RepeatsWithinUserRuns"/>): memory for the longest user history, not for the table.
/// </summary>
internal sealed class UserRunIdSet
{
    /// <summary>A run longer than this gets a fresh set after it: clearing keeps the capacity, and clearing costs that capacity for every later user.</summary>
    private const int LongRun = 1_024;

    private HashSet<string> _ids = new(StringComparer.Ordinal);
    private string? _user;

    /// <summary>True when <paramref name="e"/>'s id is new in its user's current run; false when the run had it already.</summary>
    public bool Add(UserEvent e)
    {
        if (!string.Equals(_user, e.UserId, StringComparison.Ordinal))
        {
            if (_ids.Count > LongRun)
            {
                _ids = new HashSet<string>(StringComparer.Ordinal);
            }
            else
            {
                // Reused: an ordinary run allocates nothing.
                _ids.Clear();
            }

            _user = e.UserId;
        }

        return _ids.Add(e.EventId);
    }
}
