using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Serverless.Diag.TestKit.Secrets;

/// <summary>
/// Proves a planted secret is absent from some output: whole, in the encodings a target echoes (computed here with the
/// BCL, independently of the product's own list), and cut (any run of <c>fragment</c> characters of it). Planted
/// secrets should mix upper case, digits and symbols, and the text around them should not, so a short run of the
/// secret can only come from the secret.
/// </summary>
public static class SecretLeaks
{
    public static IEnumerable<string> Encodings(string secret)
    {
        yield return secret;
        yield return Uri.EscapeDataString(secret);
        yield return System.Text.RegularExpressions.Regex.Replace(Uri.EscapeDataString(secret), "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());
        yield return WebUtility.UrlEncode(secret);
        yield return Json(secret);
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
    }

    public static void AssertAbsent(string output, IEnumerable<string> secrets, int fragment = 4)
    {
        foreach (var secret in secrets)
        {
            foreach (var encoded in Encodings(secret).Where(e => e.Length >= fragment))
            {
                Assert.False(output.Contains(encoded, StringComparison.Ordinal), $"'{encoded}' (a form of a planted secret) appears in:\n{output}");
            }

            for (var i = 0; i + fragment <= secret.Length; i++)
            {
                var piece = secret.Substring(i, fragment);
                Assert.False(output.Contains(piece, StringComparison.Ordinal), $"'{piece}' (a piece of a planted secret) appears in:\n{output}");
            }
        }
    }

    /// <summary>The secret as a JSON string's content, as System.Text.Json writes it by default.</summary>
    public static string Json(string secret)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(secret);
        }

        return Encoding.UTF8.GetString(buffer.ToArray())[1..^1];
    }

    /// <summary>base64(user:password) as a basic-auth header carries it.</summary>
    public static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
