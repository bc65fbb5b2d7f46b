using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes.Kit;

/// <summary>The <c>method:</c> of a check that sends HTTP requests (http, http-load); GET when not given.</summary>
internal static class HttpMethodReader
{
    public const string Key = "method";

    /// <returns>The method, or null when invalid (reported at its position).</returns>
    public static HttpMethod? Read(CheckSettings settings)
    {
        var text = settings.String(Key);
        if (text is null)
        {
            return settings.Has(Key) ? null : HttpMethod.Get;
        }

        // Letters and dashes only: anything else could not be a request line's method (and might be a line break).
        if (text.Length == 0 || !text.All(c => char.IsAsciiLetter(c) || c == '-'))
        {
            settings.Error(settings.Node(Key)!, $"'{Key}' must be an HTTP method such as GET or POST, not '{text}'");
            return null;
        }

        return HttpMethod.Parse(text.ToUpperInvariant());
    }
}
