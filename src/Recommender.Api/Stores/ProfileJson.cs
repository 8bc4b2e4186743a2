using System.Text.Json;
using Recommender.Core;
using Recommender.Core.Profiles;

namespace Recommender.Api.Stores;

/// <summary>Profiles are stored as JSON in the product's convention: readable in the store with any client.</summary>
internal static class ProfileJson
{
    public static string Write(UserProfile profile) => JsonSerializer.Serialize(profile, CoreJson.Options);

    public static UserProfile? Read(string? json) => json is null ? null : JsonSerializer.Deserialize<UserProfile>(json, CoreJson.Options);
}
