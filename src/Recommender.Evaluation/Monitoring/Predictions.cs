using Recommender.Models;
using Recommender.Training.Examples;

namespace Recommender.Evaluation.Monitoring;

/// <summary>The bundle's predictions for the logged message at each decision row, computed once per row and kept.</summary>
internal sealed class Predictions(ModelBundle bundle, ValidationSet rows)
{
    private readonly Dictionary<int, (float Goal, float Uplift)> _cache = [];

    public float[] Goal(IEnumerable<int> decisions) => [.. decisions.Select(r => Of(r).Goal)];

    public float[] Uplift(IEnumerable<int> decisions) => [.. decisions.Select(r => Of(r).Uplift)];

    private (float Goal, float Uplift) Of(int row)
    {
        if (!_cache.TryGetValue(row, out var p))
        {
            var features = rows.Features(row);
            var send = bundle.GoalProbability(features, send: true);
            p = ((float)send, (float)(send - bundle.GoalProbability(features, send: false)));
            _cache[row] = p;
        }

        return p;
    }
}
