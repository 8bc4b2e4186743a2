using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Recommender.Api.Auth;

/// <summary>
/// Checks <c>X-Api-Key</c> against the configured keys. Keys are compared as SHA-256 digests with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>, against every key, so neither the content nor the length
/// of a guess shows in the response time. 401 and 403 are ProblemDetails like every other error. An address that
/// failed too often (<see cref="FailedAuthThrottle"/>) is answered 429 with <c>Retry-After</c> before its key is looked at.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AuthOptions> keys,
    FailedAuthThrottle throttle,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(AuthOptions.HeaderName, out var values) || string.IsNullOrEmpty(values.ToString()))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var address = Context.Connection.RemoteIpAddress;
        if (throttle.IsThrottled(address))
        {
            Context.Items[ThrottledItem] = true;
            return Task.FromResult(AuthenticateResult.Fail("Too many failed authentications from this address."));
        }

        Span<byte> given = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(values.ToString()), given);
        var digests = Digests.GetValue(keys.CurrentValue, static o => new KeyDigests(Hash(o.AdminKeys), Hash(o.ClientKeys)));
        var isAdmin = Matches(given, digests.Admin);
        var isClient = Matches(given, digests.Client);
        if (!isAdmin && !isClient)
        {
            if (!throttle.RecordFailure(address))
            {
                Context.Items[ThrottledItem] = true;
            }

            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Role, ApiRoles.Client), new(ApiRoles.KeyIdClaim, Convert.ToHexStringLower(given[..8])) };
        if (isAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, ApiRoles.Admin));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiRoles.Scheme));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, ApiRoles.Scheme)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(ThrottledItem))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(throttle.RetryAfter.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return WriteProblem(StatusCodes.Status429TooManyRequests, "Too many failed authentications",
                $"This address sent too many unknown API keys; try again in {seconds} s.");
        }

        return WriteProblem(StatusCodes.Status401Unauthorized, "Missing or unknown API key",
            $"Send a configured key in the {AuthOptions.HeaderName} header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status403Forbidden, "Not allowed for this API key",
            "This endpoint needs an admin key (Auth:AdminKeys).");

    private const string ThrottledItem = "recommender.auth.throttled";

    // The configured keys' digests, computed once per options instance (a configuration reload makes a new one)
    // instead of once per request and key.
    private static readonly ConditionalWeakTable<AuthOptions, KeyDigests> Digests = new();

    private sealed record KeyDigests(byte[][] Admin, byte[][] Client);

    private static byte[][] Hash(string[] keys) =>
        keys.Where(k => !string.IsNullOrEmpty(k)).Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

    private static bool Matches(ReadOnlySpan<byte> givenDigest, byte[][] configured)
    {
        var found = false;
        foreach (var digest in configured)
        {
            // No early exit: every configured key costs the same whether or not an earlier one matched.
            found |= CryptographicOperations.FixedTimeEquals(givenDigest, digest);
        }

        return found;
    }

    private async Task WriteProblem(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
