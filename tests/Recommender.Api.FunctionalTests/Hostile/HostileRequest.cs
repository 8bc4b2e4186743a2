namespace Recommender.Api.FunctionalTests.Hostile;

/// <summary>One generated request: what to send, and a short name of the category it belongs to.</summary>
public sealed record HostileRequest(string Category, HttpMethod Method, string Path, byte[]? Body, string? ContentType, string? Key)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            var content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            message.Content = content;
        }

        if (Key is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Api-Key", Key);
        }

        return message;
    }

    /// <summary>For a failure message: the request, its body cut short.</summary>
    public override string ToString()
    {
        var body = Body is null ? "" : System.Text.Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 400)));
        return $"[{Category}] {Method} {Path} ({Body?.Length ?? 0} bytes, {ContentType}, key {Key ?? "none"}): {body}";
    }
}
