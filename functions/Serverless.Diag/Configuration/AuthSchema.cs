using System.Text.Json;
using Serverless.Diag.Probes.Auth;

namespace Serverless.Diag.Configuration;

/// <summary>The <c>auth:</c> mapping in the config schema: the static types and every token source type the host knows.</summary>
internal static class AuthSchema
{
    public const string Key = "auth";

    private static readonly string[] StaticTypes = ["none", "bearer", "basic", "header"];

    private static readonly (string Key, string Description)[] StaticKeys =
    [
        ("token", "bearer: the token, sent as 'Authorization: Bearer <token>'."),
        ("username", "basic: the user name."),
        ("password", "basic: the password."),
        ("name", "header: the header's name."),
        ("value", "header: the header's value."),
    ];

    public static void Write(Utf8JsonWriter json, TokenSourceTypes tokenSources)
    {
        json.WriteStartObject(Key);
        json.WriteString("type", "object");
        json.WriteString("description",
            "Credentials for the request. Fixed: none, bearer, basic, header. A token fetched at run time, cached and refreshed " +
            "before it expires (http, websocket, http-load, flow steps): " + string.Join(", ", tokenSources.Names) + ".");
        json.WriteBoolean("additionalProperties", false);
        json.WriteStartArray("required");
        json.WriteStringValue("type");
        json.WriteEndArray();
        json.WriteStartObject("properties");
        json.WriteStartObject("type");
        json.WriteStartArray("enum");
        foreach (var type in StaticTypes.Concat(tokenSources.Names))
        {
            json.WriteStringValue(type);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, description) in StaticKeys)
        {
            written.Add(key);
            WriteText(json, key, description);
        }

        foreach (var type in tokenSources.All)
        {
            foreach (var key in type.Keys.Where(written.Add))
            {
                WriteText(json, key, $"{string.Join(", ", tokenSources.All.Where(t => t.Keys.Contains(key)).Select(t => t.Type))}: '{key}'.");
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter json, string key, string description)
    {
        json.WriteStartObject(key);
        json.WriteString("type", "string");
        json.WriteString("description", description);
        json.WriteEndObject();
    }
}
