using System.Buffers;
using Serverless.Diag.Configuration;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Probes.Kit;

/// <summary>
/// The <c>headers:</c> of a check that sends requests (http, http-load, websocket): valid names and values, and every
/// credential among them registered as a secret. One reader, so the checks cannot drift apart on what is secret.
/// </summary>
public static class RequestHeaders
{
    public const string Key = "headers";

    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        [.. Enumerable.Range(0, 0xa0).Select(c => (char)c).Where(c => char.IsControl(c) && c != '\t')]);

    /// <returns>The headers in the order written; null when any is invalid (each problem reported at its position).</returns>
    public static List<KeyValuePair<string, string>>? Read(CheckSettings settings)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (!settings.Has(Key))
        {
            return headers;
        }

        if (settings.Mapping(Key) is not { } mapping)
        {
            return null;
        }

        var ok = true;
        foreach (var (name, node) in mapping.Entries)
        {
            if (node is not ConfigScalar scalar)
            {
                settings.Error(node, $"'{Key}.{name.Value}' must be a single value");
                ok = false;
                continue;
            }

            if (!IsToken(name.Value))
            {
                settings.Error(name, $"'{name.Value}' is not a valid header name");
                ok = false;
                continue;
            }

            var value = scalar.Value;
            if (SensitiveHeaders.IsSensitive(name.Value))
            {
                Register(settings.Secrets, value);
            }

            // A line break would end the header and start another one of the target's choosing; the value is not shown.
            if (HasControlCharacter(value))
            {
                settings.Error(scalar, $"'{Key}.{name.Value}' contains a control character (a line break?): a header value must be one line");
                ok = false;
                continue;
            }

            headers.Add(new(name.Value, value));
        }

        return ok ? headers : null;
    }

    /// <summary>The value and the credential inside it (<c>Bearer abc</c>, <c>token=abc</c>).</summary>
    public static void Register(SecretRedactor secrets, string value)
    {
        secrets.Add(value);
        secrets.AddRange(CredentialParts.Extract(value));
        if (value.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is [_, var credential])
        {
            secrets.Add(credential.Trim());
        }
    }

    /// <summary>
    /// A line break (or any other control character but a tab, C1 controls and DEL included) in a header value would end
    /// the header and let the value write further ones of its choosing; such a value is refused, never sent.
    /// </summary>
    public static bool HasControlCharacter(string value) => value.AsSpan().ContainsAny(ControlCharacters);

    public static bool IsToken(string name) => name.Length > 0 && name.All(c => c > ' ' && c < 127 && !"()<>@,;:\\\"/[]?={}".Contains(c));
}
