using System.Globalization;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Probes.Http;

/// <summary>
/// Whether the response says where its body ends. .NET ignores a Content-Length it cannot parse and reads until the
/// connection closes, so <c>Content-Length: abc</c> would otherwise pass; a proxy or another client may cut the body
/// anywhere, or refuse the response outright (RFC 9110 §8.6, RFC 9112 §6.3).
/// </summary>
internal static class ResponseFraming
{
    private const int ShownChars = 40;

    /// <returns>Why the framing is invalid, or null when it is sound.</returns>
    public static string? Problem(IReadOnlyList<KeyValuePair<string, string>> headers, SecretRedactor secrets)
    {
        string? first = null;
        foreach (var (name, raw) in headers)
        {
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // Several fields, or one with a list, are allowed only when every value is the same number.
            foreach (var part in raw.Split(','))
            {
                var value = part.Trim();
                if (value.Length == 0 || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return $"the response's Content-Length is not a number ('{secrets.Excerpt(raw, ShownChars)}'): where the body ends is unknown, and clients and proxies may cut it or refuse it";
                }

                if (first is not null && first != value)
                {
                    return $"the response has conflicting Content-Length values ({first} and {value}): clients and proxies may cut the body at either, or refuse it";
                }

                first = value;
            }
        }

        return null;
    }
}
