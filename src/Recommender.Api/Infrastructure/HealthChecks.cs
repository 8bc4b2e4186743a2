using Microsoft.Extensions.Diagnostics.HealthChecks;
using Recommender.Api.Models;
using Recommender.Api.Stores;

namespace Recommender.Api.Infrastructure;

/// <summary>Ready means the store answers now.</summary>
internal sealed class StoreHealthCheck(IUserStateStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The state store does not answer.");
}

/// <summary>Ready means a model serves (the baseline counts, and says so).</summary>
internal sealed class ModelHealthCheck(ModelHolder models) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"model {models.Current.Version}"));
}
