namespace Recommender.Api.Models;

/// <summary>
/// Loads the model before the server listens. The holder is a singleton made on first use, so without this a server
/// started with a bundle it cannot serve (no catalog, a damaged bundle) would report itself live and then refuse every
/// decision; now it refuses to start, naming what to fix.
/// </summary>
internal sealed class ModelStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ModelHolder>().Current;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
