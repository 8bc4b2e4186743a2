namespace Recommender.Api.Auth;

/// <summary>The roles an API key grants, and the authorization policies named after them.</summary>
public static class ApiRoles
{
    public const string Scheme = "ApiKey";
    public const string Client = "client";
    public const string Admin = "admin";

    /// <summary>
    /// The claim naming which key authenticated a request: the start of the key's SHA-256 digest, never the key. Rate
    /// limits are kept per value of it.
    /// </summary>
    public const string KeyIdClaim = "api_key_id";
}
