using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Api.Stores;
using Recommender.Api.Tests.Support;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Data;
using Recommender.Data.Catalog;
using Recommender.Data.Events;
using Recommender.Data.Profiles;

namespace Recommender.Api.Tests.Endpoints;

public sealed class UsersApiTests
{
    [Fact]
    public async Task GetUser_Unknown_IsAnEmptyStateWithFeaturesPerMessage()
    {
        using var app = new ApiFactory();
        var user = await (await app.Client().GetAsync("/v1/users/ghost?as_of=2026-03-03T00:00:00Z")).Json();
        Assert.Equal(0, user.GetProperty("version").GetInt64());
        Assert.Equal(3, user.GetProperty("features").EnumerateObject().Count());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("profile").ValueKind);
    }

    [Fact]
    public async Task GetUser_OneMessage_ReturnsOnlyItsFeatures()
    {
        using var app = new ApiFactory();
        var user = await (await app.Client().GetAsync("/v1/users/u1?message_id=tips")).Json();
        Assert.Equal("tips", Assert.Single(user.GetProperty("features").EnumerateObject()).Name);
    }

    [Theory]
    [InlineData("/v1/users/u1?as_of=tomorrow", "as_of")]
    [InlineData("/v1/users/u1?as_of=2026-03-03T00:00:00", "as_of")]
    [InlineData("/v1/users/u1?message_id=nope", "message_id")]
    public async Task GetUser_BadQuery_IsA400Problem(string url, string field)
    {
        using var app = new ApiFactory();
        var response = await app.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Json()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    /// <summary>
    /// In process, every catalog message: the sample log of a few users, posted through <c>POST /v1/events</c> in
    /// time-ordered batches (as JSON, through the store's bytes), gives at a chosen instant exactly the feature vectors
    /// the offline replay computes with the same fold and extractor. The check against the <c>recommender features</c>
    /// command's own output, across the process boundary, is <c>FeatureParityTests</c> in the functional tests.
    /// </summary>
    [Fact]
    public async Task IngestedSampleLog_GivesBitIdenticalFeaturesToTheOfflineReplay()
    {
        var folder = DataFolder.Open(Repository.DataSamples);
        var catalog = CatalogJson.Load(folder.CatalogPath);
        var (events, profiles) = await SampleUsers(folder, users: 4);
        using var app = new ApiFactory(catalog);
        // The server's clock after the sample log: events dated after "now" plus the allowed skew are refused.
        app.Time.Now = new DateTimeOffset(events.Max(e => e.Timestamp).AddDays(1));
        var client = app.Client();
        await app.Services.GetRequiredService<IUserStateStore>().PutProfilesAsync(profiles);

        foreach (var chunk in events.OrderBy(e => e.Timestamp).Chunk(250))
        {
            var body = JsonSerializer.Serialize(chunk.Select(e => new Dictionary<string, object?>
            {
                ["event_id"] = e.EventId, ["user_id"] = e.UserId, ["timestamp"] = e.Timestamp.ToString("O"),
                ["event_type"] = e.EventType, ["message_id"] = e.MessageId, ["value"] = e.Value, ["properties"] = e.Properties,
            }));
            Assert.Equal(HttpStatusCode.OK, (await client.PostJson("/v1/events", body)).StatusCode);
        }

        var schema = FeatureSchema.Create(catalog, TestModelLoader.Schema);
        var extractor = new FeatureExtractor(schema);
        var compared = 0;
        foreach (var group in events.GroupBy(e => e.UserId))
        {
            var offline = new UserState();
            foreach (var e in group.OrderBy(e => e.Timestamp))
            {
                offline.Apply(e);
            }

            var asOf = group.Max(e => e.Timestamp).AddHours(5);
            var online = await (await client.GetAsync($"/v1/users/{group.Key}?as_of={asOf:yyyy-MM-ddTHH:mm:ss.fffffffZ}")).Json();
            Assert.Equal(schema.Hash, online.GetProperty("schema_hash").GetString());
            var profile = profiles.Single(p => p.UserId == group.Key);
            foreach (var message in catalog.Messages)
            {
                var expected = extractor.Extract(offline, profile, message, asOf);
                var got = online.GetProperty("features").GetProperty(message.Id);
                for (var i = 0; i < schema.Count; i++)
                {
                    var value = got.GetProperty(schema.Names[i]).GetSingle();
                    Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(value),
                        $"{group.Key} {message.Id} {schema.Names[i]}: offline {expected[i]:R}, online {value:R}");
                    compared++;
                }
            }
        }

        Assert.True(compared > 100, $"only {compared} values compared");
    }

    private static async Task<(List<UserEvent> Events, List<UserProfile> Profiles)> SampleUsers(DataFolder folder, int users)
    {
        var events = new List<UserEvent>();
        HashSet<string>? chosen = null;
        await foreach (var batch in EventParquetReader.ReadAsync(folder.EventsPath))
        {
            chosen ??= batch.Events.Select(e => e.UserId).Distinct().Take(users).ToHashSet();
            events.AddRange(batch.Events.Where(e => chosen.Contains(e.UserId)));
        }

        var profiles = (await ProfileParquetReader.ReadAsync(folder.ProfilesPath)).Where(p => chosen!.Contains(p.UserId)).ToList();
        return (events, profiles);
    }
}
