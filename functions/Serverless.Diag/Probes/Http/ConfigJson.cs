using System.Globalization;
using System.Text.Json;
using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes.Http;

/// <summary>
/// Writes a YAML value as JSON, so <c>json: {name: x, count: 3}</c> works as a request body.
/// Unquoted numbers, booleans and null become JSON literals; quoted scalars stay strings.
/// </summary>
internal static class ConfigJson
{
    public static byte[] Write(ConfigNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, ConfigNode node)
    {
        switch (node)
        {
            case ConfigMapping mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Entries)
                {
                    writer.WritePropertyName(key.Value);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case ConfigSequence sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case ConfigScalar { Quoted: true } scalar:
                writer.WriteStringValue(scalar.Value);
                break;
            case ConfigScalar scalar:
                WriteLiteral(writer, scalar.Value);
                break;
        }
    }

    private static void WriteLiteral(Utf8JsonWriter writer, string text)
    {
        switch (text)
        {
            case "true":
                writer.WriteBooleanValue(true);
                break;
            case "false":
                writer.WriteBooleanValue(false);
                break;
            case "null" or "~" or "":
                writer.WriteNullValue();
                break;
            default:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteStringValue(text);
                }

                break;
        }
    }
}
