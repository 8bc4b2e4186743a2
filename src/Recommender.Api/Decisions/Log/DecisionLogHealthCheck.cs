using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Recommender.Api.Decisions.Log;

/// <summary>
/// Readiness says when the decision log is failing: "Degraded" (still 200, so the server stays in rotation: decisions
/// are answered, as they must be) with why. Before, a full disk under the log lost every row while readiness said
/// "Healthy", and only a counter in /metrics told an operator that training and evaluation were losing their data.
/// </summary>
internal sealed class DecisionLogHealthCheck(DecisionLogWriter writer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(writer.LastFailure is { } failure
            ? HealthCheckResult.Degraded(string.Create(CultureInfo.InvariantCulture,
                $"The decision log's latest rows could not be written ({failure}); {writer.RowsNotWritten:N0} rows lost since start: decisions are answered but not logged."))
            : HealthCheckResult.Healthy());
}
