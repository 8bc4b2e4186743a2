using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Prometheus;
using Recommender.Api.Auth;
using Recommender.Api.Bootstrap;
using Recommender.Api.Catalog;
using Recommender.Api.Decisions.Log;
using Recommender.Api.Decisions;
using Recommender.Api.Events;
using Recommender.Api.Infrastructure;
using Recommender.Api.Models;
using Recommender.Api.Stores;
using Recommender.Api.Users;
using Scalar.AspNetCore;
using StackExchange.Redis;

namespace Recommender.Api;

/// <summary>
/// Builds the inference API. <c>Program</c> and the CLI's <c>serve</c> command both start it from here, so the
/// host in tests, in the CLI and in production is the same.
/// </summary>
public static class ApiHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // One line per request at Information costs more than a decision; configuration can lower it again.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        AddServices(builder.Services);
        var app = builder.Build();
        MapEndpoints(app);
        return app;
    }

    public static void AddServices(IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateDataAnnotations()
            .Validate(StoreOptions.TimeoutIsValid, "Store:Timeout must be between 10 ms and 60 s.")
            .Validate(StoreOptions.HorizonIsValid, "Store:IdempotencyHorizon must be between 1 hour and 10 years.")
            .Validate<IOptions<InputLimits>>((s, l) => s.IdempotencyHorizon > l.Value.MaxFutureSkew,
                "Store:IdempotencyHorizon must be longer than Limits:MaxFutureSkew: an event dated that far ahead moves its user's horizon, and every event of the caller's own time would be refused.")
            .ValidateOnStart();
        services.AddOptions<InputLimits>().BindConfiguration(InputLimits.Section).ValidateDataAnnotations()
            .Validate(InputLimits.SkewIsValid, "Limits:MaxFutureSkew must be between 0 and 7 days (the state keeps exact instants a week past its longest window).")
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations()
            .Validate<IOptions<EventsOptions>>((r, e) => r.EventBurst >= e.Value.MaxBatchSize,
                "RateLimits:EventBurst must be at least Events:MaxBatchSize, or a full batch could never be accepted.")
            .ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DecisionOptions>().BindConfiguration(DecisionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DecisionLogOptions>().BindConfiguration(DecisionLogOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.RollAfter > TimeSpan.Zero, "DecisionLog:RollAfter must be positive.").ValidateOnStart();
        services.AddSingleton<IValidateOptions<DecisionLogOptions>, DecisionLogFolderCheck>();
        services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section).ValidateOnStart();
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.Section).ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // A background service that fails (the decision log writer on an error it cannot count away) stops the host
        // rather than leaving it answering without what the service does; the default, said here because `serve`
        // relies on it to exit with a failure (ServeCommand).
        services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IUserStateStore>(CreateStore);
        services.AddSingleton<CatalogHolder>();
        services.AddSingleton<IModelLoader, BundleModelLoader>();
        services.AddSingleton<ModelHolder>();
        services.AddSingleton<ICatalogGuard, ModelCatalogGuard>();
        services.AddSingleton<ApiMetrics>();
        services.AddSingleton<FailedAuthThrottle>();
        services.AddSingleton<EventQuota>();
        services.AddSingleton<DecisionService>();
        services.AddSingleton<DecisionLogWriter>();
        // Before the bootstrap and before listening: a bundle that cannot serve stops the start instead of every decision.
        services.AddHostedService<ModelStartup>();
        services.AddHostedService<StoreStartup>();
        services.AddHostedService<BootstrapService>();
        services.AddHostedService(sp => sp.GetRequiredService<DecisionLogWriter>());

        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o, DecisionJsonContext.Default));
        // Binding failures throw, so the exception handler answers them with ProblemDetails like everything else.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<DomainExceptionHandler>();

        services.AddAuthentication(ApiRoles.Scheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiRoles.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.Client, p => p.RequireRole(ApiRoles.Client))
            .AddPolicy(ApiRoles.Admin, p => p.RequireRole(ApiRoles.Admin));

        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<ModelHealthCheck>("model", tags: ["ready"])
            .AddCheck<DecisionLogHealthCheck>("decision_log", tags: ["ready"]);
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((limiter, limits) => KeyRateLimits.Configure(limiter, limits.Value));
        services.AddOpenApi(o =>
        {
            OpenApiConventions.Configure(o, new Dictionary<string, string>
            {
                ["Events"] = "What users did and what was sent to them: the events the decisions are made from.",
                ["Decisions"] = "Which message, if any, to send a user now, with the probabilities and the hard rules behind it.",
                ["Users"] = "What the API knows about a user: state summary and features, for debugging and parity checks.",
                ["Catalog"] = "The messages and the contact policy the decisions choose from.",
                ["Models"] = "The model that scores the candidates, and replacing it.",
            });
            ApiKeyOpenApi.Configure(o);
        });
    }

    public static void MapEndpoints(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // No exemplars on the per-request metrics: each reads the clock and takes a lock on every request, and the
        // text format Prometheus scrapes here does not carry them.
        app.UseHttpMetrics(o =>
        {
            o.RequestCount.ExemplarPredicate = static _ => false;
            o.RequestDuration.ExemplarPredicate = static _ => false;
        });
        app.UseAuthentication();
        // After authentication: the limits are per API key, which authentication names.
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapEventsApi();
        app.MapDecisionsApi();
        app.MapUsersApi();
        app.MapCatalogApi();
        app.MapModelsApi();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapMetrics("/metrics");
        app.MapOpenApi();
        app.MapScalarApiReference();
    }

    private static IUserStateStore CreateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        return new TimeLimitedStore(CreateUnlimitedStore(options), options.Timeout);
    }

    private static IUserStateStore CreateUnlimitedStore(StoreOptions options)
    {
        if (!options.IsRedis)
        {
            return new SqliteUserStateStore(options.Target, options.SqliteCacheUsers, idempotencyHorizon: options.IdempotencyHorizon);
        }

        var config = ConfigurationOptions.Parse(options.Target);
        // Start even when Redis is down: reads then fail safe and readiness says why, instead of a crash loop.
        config.AbortOnConnectFail = false;
        // While disconnected, fail at once instead of queueing commands until the timeout: every request would stall.
        config.BacklogPolicy = BacklogPolicy.FailFast;
        // A request's store call is bounded by TimeLimitedStore (Store:Timeout), not by the client. The client's own
        // timeout bounds what no request waits for: bootstrap's batches of thousands of writes and a plan's listing of
        // users, which a busy server may take longer than a request's quarter second to answer. Set to Store:Timeout,
        // as it once was, it failed the bootstrap of a million users into Redis on a loaded machine.
        var milliseconds = (int)Math.Ceiling(options.Timeout.TotalMilliseconds);
        var clientMilliseconds = Math.Max(milliseconds, (int)StoreOptions.BulkTimeout.TotalMilliseconds);
        config.SyncTimeout = clientMilliseconds;
        config.AsyncTimeout = clientMilliseconds;
        config.ConnectTimeout = Math.Max(milliseconds, 1000);
        return new RedisUserStateStore(ConnectionMultiplexer.Connect(config), options.RedisKeyPrefix, options.MaxRetries, options.IdempotencyHorizon);
    }
}
