using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Recommender.Api.Stores;

/// <summary>Ready means the store answers now.</summary>
internal sealed class StoreHealthCheck(IUserStateStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The state store does not answer.");
}
