using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Serverless.Diag.Secrets;

/// <summary>
/// The ways a target is likely to echo a secret it was sent: as it is, percent-encoded (a URL or a form), JSON-escaped
/// (an API that returns the request it saw), and base64 (a basic-auth header: <c>base64(user:password)</c>, or any value
/// encoded whole). Base64 of a secret inside a longer value depends on where the secret starts, so each of the three
/// alignments contributes the characters only the secret's own bytes decide.
/// </summary>
internal static class SecretForms
{
    // Shorter base64 fragments would match ordinary text; the whole value's base64 is kept at any length.
    private const int MinimumFragmentLength = 6;

    public static IEnumerable<string> Of(string secret)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal) { secret };
        AddPercentEncoded(forms, secret);
        AddJsonEscaped(forms, secret);
        AddBase64(forms, secret);
        return forms;
    }

    private static void AddPercentEncoded(HashSet<string> forms, string secret)
    {
        var escaped = Uri.EscapeDataString(secret);
        forms.Add(escaped);
        forms.Add(LowerHexEscapes(escaped, '%', 2));
        var form = WebUtility.UrlEncode(secret);
        forms.Add(form);
        forms.Add(LowerHexEscapes(form, '%', 2));
    }

    private static void AddJsonEscaped(HashSet<string> forms, string secret)
    {
        var strict = JsonEncodedText.Encode(secret).Value;
        var relaxed = JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
        forms.Add(strict);
        forms.Add(relaxed);
        forms.Add(LowerHexEscapes(strict, 'u', 4));
        forms.Add(LowerHexEscapes(relaxed, 'u', 4));

        // PHP's json_encode and some Java serialisers escape the slash too.
        forms.Add(relaxed.Replace("/", "\\/", StringComparison.Ordinal));
        forms.Add(strict.Replace("/", "\\/", StringComparison.Ordinal));
    }

    private static void AddBase64(HashSet<string> forms, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        var whole = Convert.ToBase64String(bytes);
        forms.Add(whole);
        forms.Add(UrlSafe(whole).TrimEnd('='));
        for (var offset = 0; offset < 3; offset++)
        {
            var padded = new byte[offset + bytes.Length];
            bytes.CopyTo(padded, offset);
            var encoded = Convert.ToBase64String(padded);

            // Character k carries bits [6k, 6k+6): keep those lying wholly inside the secret's bits.
            var first = (offset * 8 + 5) / 6;
            var end = (offset + bytes.Length) * 8 / 6;
            if (end - first >= MinimumFragmentLength || (offset == 0 && end - first >= 3))
            {
                var fragment = encoded[first..end];
                forms.Add(fragment);
                forms.Add(UrlSafe(fragment));
            }
        }
    }

    private static string UrlSafe(string base64) => base64.Replace('+', '-').Replace('/', '_');

    /// <summary><c>%2F</c> as <c>%2f</c>, <c>\u002B</c> as <c>\u002b</c>: encoders differ in the case of their hex digits.</summary>
    private static string LowerHexEscapes(string text, char introducer, int digits)
    {
        var builder = new StringBuilder(text);
        for (var i = 0; i < builder.Length; i++)
        {
            if (builder[i] == introducer && (introducer == '%' || (i > 0 && builder[i - 1] == '\\')))
            {
                for (var d = 1; d <= digits && i + d < builder.Length; d++)
                {
                    builder[i + d] = char.ToLowerInvariant(builder[i + d]);
                }
            }
        }

        return builder.ToString();
    }
}
