using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Recommender.Api.Models;

/// <summary>Ready means a model serves (the baseline counts, and says so).</summary>
internal sealed class ModelHealthCheck(ModelHolder models) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"model {models.Current.Version}"));
}
