namespace Recommender.Api.Auth;

/// <summary>
/// Section <c>Auth</c>: API keys sent in the <c>X-Api-Key</c> header. Client keys may ask for decisions and post
/// events; admin keys may also change the catalog and reload the model. With no key configured every protected
/// endpoint answers 401: the API never runs open by accident. (<c>Auth__ClientKeys__0=...</c> sets one from the environment.)
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public const string HeaderName = "X-Api-Key";

    public string[] ClientKeys { get; set; } = [];

    public string[] AdminKeys { get; set; } = [];
}
