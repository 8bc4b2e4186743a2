using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Api.Stores;
using Recommender.Api.Tests.Support;
using Recommender.Core.Events;
using Recommender.Core.Profiles;

namespace Recommender.Api.Tests.Endpoints;

/// <summary>Auth, health, documentation and failing safe (the metrics' counts: <see cref="MetricsTests"/>).</summary>
public sealed class HostTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("client-key-")]
    [InlineData("client-key-10")]
    public async Task ProtectedEndpoint_WithoutAKnownKey_Is401Problem(string? key)
    {
        using var app = new ApiFactory();
        var response = await app.Client(key).PostJson("/v1/decisions", """{"user_id":"u1"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AdminKey_CanDoWhatClientsDo()
    {
        using var app = new ApiFactory();
        Assert.Equal(HttpStatusCode.OK, (await app.Client(ApiFactory.AdminKey).PostJson("/v1/decisions", """{"user_id":"u1"}""")).StatusCode);
    }

    [Fact]
    public async Task KeysFromEnvironmentStyleConfiguration_AreRead()
    {
        using var app = new ApiFactory(settings: new() { ["Auth:ClientKeys:1"] = "second" });
        Assert.Equal(HttpStatusCode.OK, (await app.Client("second").GetAsync("/v1/catalog")).StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar/v1")]
    public async Task OpenEndpoints_AnswerWithoutAKey(string url)
    {
        using var app = new ApiFactory();
        Assert.Equal(HttpStatusCode.OK, (await app.Client(null).GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheEndpoints()
    {
        using var app = new ApiFactory();
        var doc = await (await app.Client(null).GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        foreach (var path in new[] { "/v1/events", "/v1/decisions", "/v1/users/{userId}", "/v1/catalog", "/v1/models/active", "/v1/models/reload" })
        {
            Assert.Contains($"\"{path}\"", doc);
        }
    }

    [Fact]
    public async Task UnreadableStore_DecisionIsNoMessageWithStateUnavailable_AndNotReady()
    {
        using var app = new ApiFactory(services: s => s.AddSingleton<IUserStateStore, BrokenStore>());
        var client = app.Client();

        var decision = await (await client.PostJson("/v1/decisions", """{"user_id":"u1"}""")).Json();
        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");
        var events = await client.PostJson("/v1/events", Http.Batch(Http.EventJson("e", "u1", Ev.T0)));

        Assert.Equal(System.Text.Json.JsonValueKind.Null, decision.GetProperty("message_id").ValueKind);
        Assert.Equal("state_unavailable", decision.GetProperty("reason").GetString());
        Assert.Equal(1.0, decision.GetProperty("propensity").GetDouble());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, events.StatusCode);
        Assert.Equal("application/problem+json", events.Content.Headers.ContentType?.MediaType);
    }

    private sealed class BrokenStore : IUserStateStore
    {
        public Task<UserSnapshot> ReadAsync(string userId, CancellationToken ct = default) => throw Down();

        public Task<ApplyResult> ApplyAsync(IReadOnlyList<UserEvent> events, CancellationToken ct = default) => throw Down();

        public Task<bool> TryRecordSendAsync(string userId, long expectedVersion, UserEvent send, CancellationToken ct = default) => throw Down();

        public Task PutProfilesAsync(IReadOnlyList<UserProfile> profiles, CancellationToken ct = default) => throw Down();

        public IAsyncEnumerable<string> UsersAsync(CancellationToken ct = default) => throw Down();

        public Task<bool> PingAsync(CancellationToken ct = default) => Task.FromResult(false);

        private static StoreUnavailableException Down() => new("test: store is down");
    }
}
