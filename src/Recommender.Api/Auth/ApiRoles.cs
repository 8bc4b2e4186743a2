namespace Recommender.Api.Auth;

/// <summary>The roles an API key grants, and the authorization policies named after them.</summary>
public static class ApiRoles
{
    public const string Scheme = "ApiKey";
    public const string Client = "client";
    public const string Admin = "admin";
}
