using System.Text.Encodings.Web;
using System.Text.Json;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Configuration;

/// <summary>
/// Generates the JSON Schema of diag.yaml from the check types a host knows, so editors complete
/// keys and the shipped schema (docs/diag.schema.json, pinned by a test) never drifts from the loader.
/// </summary>
public static class ConfigSchemaWriter
{
    public static string Generate(ProbeRegistry registry)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "http://json-schema.org/draft-07/schema#");
            json.WriteString("$id", "https://serverless-diag.dev/schemas/diag.schema.json");
            json.WriteString("title", "Serverless.Diag config (diag.yaml)");
            json.WriteString("type", "object");
            json.WriteBoolean("additionalProperties", false);
            json.WriteStartArray("required");
            json.WriteStringValue("checks");
            json.WriteEndArray();
            json.WriteStartObject("properties");
            WriteSimple(json, "version", "integer", "Config format version; 1.");
            WriteMap(json, "vars", "Variables shared by every environment: ${name}.");
            json.WriteStartObject("defaults");
            json.WriteString("type", "object");
            json.WriteString("description", "Defaults for any check setting.");
            json.WriteEndObject();
            foreach (var section in registry.Sections)
            {
                WriteSection(json, section);
            }

            WriteEnvironments(json, registry.Types.Where(t => registry.Find(t)!.PutsLoad));
            WriteCauses(json);
            WriteState(json);
            WriteMaintenance(json, "Planned maintenance windows: checks still run, their incidents stay quiet.", environmentScoped: false);
            json.WriteStartObject("checks");
            json.WriteString("type", "array");
            json.WriteStartObject("items");
            json.WriteString("$ref", "#/definitions/check");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            WriteDefinitions(json, registry);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    // One alternative per check type with additionalProperties false: understood by draft-04
    // validators and by editors alike (if/then and propertyNames are not, everywhere).
    private static void WriteDefinitions(Utf8JsonWriter json, ProbeRegistry registry)
    {
        json.WriteStartObject("definitions");
        json.WriteStartObject("check");
        json.WriteStartArray("anyOf");
        foreach (var type in registry.Types)
        {
            var factory = registry.Find(type)!;
            json.WriteStartObject();
            json.WriteString("type", "object");
            json.WriteBoolean("additionalProperties", false);
            json.WriteStartArray("required");
            json.WriteStringValue("name");
            json.WriteStringValue("type");
            json.WriteEndArray();
            json.WriteStartObject("properties");
            json.WriteStartObject("type");
            json.WriteStartArray("enum");
            json.WriteStringValue(type);
            json.WriteEndArray();
            json.WriteEndObject();
            WriteCommonCheckProperties(json);
            foreach (var key in registry.Sections.SelectMany(s => s.CheckKeys))
            {
                WriteKey(json, key);
            }

            foreach (var key in factory.SettingKeys.Where(k => !CommonCheckKeys.All.Contains(k)).Order(StringComparer.Ordinal))
            {
                json.WriteStartObject(key);
                if (key == AuthSchema.Key)
                {
                    json.WriteString("$ref", "#/definitions/auth");
                }
                else if (factory.SettingSchemas.TryGetValue(key, out var described))
                {
                    WriteDescribed(json, described);
                }
                else
                {
                    json.WriteString("description", $"{type} setting");
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        AuthSchema.Write(json, registry.TokenSources);
        json.WriteEndObject();
    }

    private static void WriteCommonCheckProperties(Utf8JsonWriter json)
    {
        WriteSimple(json, "name", "string", "Unique check name.");
        WriteSimple(json, "description", "string", "What the check is for, shown in reports and issues.");
        json.WriteStartObject("severity");
        json.WriteStartArray("enum");
        foreach (var severity in Enum.GetNames<Severity>())
        {
            json.WriteStringValue(severity);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        WriteSimple(json, "timeout", "string", "Duration such as 10s.");
        WriteSimple(json, "retries", "integer", "Extra attempts after a failure (0-10).");
        WriteSimple(json, "retry_delay", "string", "Duration between attempts.");
        WriteStringList(json, "depends_on", "Checks that must pass first; when one fails this check is skipped.");
        WriteStringList(json, "environments", "Run only in these environments.");
        WriteStringList(json, "tags", "Tags for --tag filters.");
        WriteStringList(json, "hints", "Next steps shown when the check fails.");
        WriteStringList(json, "on_failure", "Checks to run next, in the same run, when this one fails or errors; their results join its incident.");
        json.WriteStartObject("schedule");
        json.WriteString("description", "'on_failure': the check runs only as another check's follow-up, never on its own.");
        json.WriteStartArray("enum");
        json.WriteStringValue("on_failure");
        json.WriteEndArray();
        json.WriteEndObject();
        WriteSimple(json, "trace", "boolean", "Send a W3C traceparent header with http, websocket and http-load requests (default true).");
        json.WriteStartObject("expect");
        json.WriteString("type", "array");
        json.WriteString("description", "Assertions: 'path op value', or { warn: 'path op value' }.");
        json.WriteEndObject();
        WriteSimple(json, "failure_threshold", "integer", "Consecutive failing runs before the incident opens (default 1; above 1 needs a state store). The report shows 'pending n/N' meanwhile.");
        WriteSimple(json, "success_threshold", "integer", "Consecutive passing runs before the incident closes (default github.success_threshold, 2).");
        WriteSimple(json, "interval", "string", "Run at most this often (1m, 15m, 1h, 1d) on a scheduled tick; needs a state store.");
        WriteSimple(json, "interval_when_failing", "string", "While failing, re-check this often instead of 'interval'.");
        WriteHistorySettings(json);
    }

    private static void WriteHistorySettings(Utf8JsonWriter json)
    {
        WriteClosedObject(json, "baseline", "Where 'baseline' in expect lines comes from: a statistic of the check's earlier passing runs.", static json =>
        {
            WriteSimple(json, "window", "string", "How far back passing runs count (default 7d; 1h to 366d, at most state.retention).");
            WriteSimple(json, "min_runs", "integer", "Passing runs needed before the baseline is used (default 10); fewer and the assertion is not evaluated.");
            json.WriteStartObject("statistic");
            json.WriteString("description", "The statistic of the runs' values (default median).");
            json.WriteStartArray("enum");
            foreach (var statistic in Enum.GetValues<BaselineStatistic>())
            {
                json.WriteStringValue(BaselineSettings.StatisticName(statistic));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
        WriteClosedObject(json, "trend", "Forecast when a measurement limited by an expect line reaches its limit; warn (and open a P3 'degrading' incident) when that is within the horizon.", static json =>
        {
            WriteSimple(json, "window", "string", "The history the slope is fitted over (default 3d).");
            WriteSimple(json, "horizon", "string", "Warn when the limit is forecast to be reached within this (default 1d).");
            WriteStringList(json, "measurements", "The measurements to follow (default: every one an expect line limits with a number).");
        });
    }

    private static void WriteState(Utf8JsonWriter json)
    {
        WriteClosedObject(json, "state", "Memory across runs (the store itself is DIAG_STATE or --state).", static json =>
        {
            WriteSimple(json, "retention", "string", "How long the run history is kept (default 30d).");
            WriteSimple(json, "deploy_window", "string", "A failure that began this long after a recorded deployment names it in the incident (default 2h; 1m to 7d).");
        });
    }

    /// <summary>
    /// A settings object that accepts only the properties <paramref name="writeProperties"/> writes, so an editor
    /// flags a misspelt key inside it as it does at the top level.
    /// </summary>
    private static void WriteClosedObject(Utf8JsonWriter json, string name, string description, Action<Utf8JsonWriter> writeProperties)
    {
        json.WriteStartObject(name);
        json.WriteString("type", "object");
        json.WriteString("description", description);
        json.WriteBoolean("additionalProperties", false);
        json.WriteStartObject("properties");
        writeProperties(json);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteCauses(Utf8JsonWriter json)
    {
        json.WriteStartObject("causes");
        json.WriteString("type", "array");
        json.WriteString("description", "The config's own cause rules, put to failing checks with the built-in library.");
        json.WriteStartObject("items");
        json.WriteString("type", "object");
        json.WriteBoolean("additionalProperties", false);
        json.WriteStartArray("required");
        json.WriteStringValue("name");
        json.WriteStringValue("when");
        json.WriteStringValue("cause");
        json.WriteEndArray();
        json.WriteStartObject("properties");
        WriteSimple(json, "name", "string", "Unique rule name, shown as the rule that matched.");
        json.WriteStartObject("when");
        json.WriteString("type", "object");
        json.WriteString("description", "By check name: assertions over its measurements, check.status, error.cause, error.message and evidence. All must hold.");
        json.WriteEndObject();
        WriteSimple(json, "cause", "string", "The cause, as a short phrase; the incident title ends with it.");
        WriteStringList(json, "next_steps", "What to do once this cause is found.");
        WriteSimple(json, "root", "string", "A check whose incident carries the symptoms this cause explains.");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteSection(Utf8JsonWriter json, IConfigSection section)
    {
        json.WriteStartObject(section.Key);
        if (section is IConfigListSection)
        {
            // A list of entries, each an object with the section's keys.
            json.WriteString("type", "array");
            json.WriteStartObject("items");
        }

        json.WriteString("type", "object");
        json.WriteBoolean("additionalProperties", false);
        json.WriteStartObject("properties");
        foreach (var key in section.Keys)
        {
            WriteKey(json, key);
        }

        json.WriteEndObject();
        if (section is IConfigListSection)
        {
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteDescribed(Utf8JsonWriter json, SettingSchema setting)
    {
        json.WriteString("description", setting.Description);
        if (setting.Values is not { } values)
        {
            return;
        }

        json.WriteStartArray("enum");
        foreach (var value in values)
        {
            if (bool.TryParse(value, out var flag))
            {
                json.WriteBooleanValue(flag);
            }
            else
            {
                json.WriteStringValue(value);
            }
        }

        json.WriteEndArray();
    }

    private static void WriteKey(Utf8JsonWriter json, SettingKey key)
    {
        switch (key.Kind)
        {
            case SettingKind.List:
                WriteStringList(json, key.Name, key.Description);
                break;
            case SettingKind.Map:
                WriteMap(json, key.Name, key.Description);
                break;
            default:
                WriteSimple(json, key.Name, key.Kind switch { SettingKind.Integer => "integer", SettingKind.Boolean => "boolean", _ => "string" }, key.Description);
                break;
        }
    }

    private static void WriteEnvironments(Utf8JsonWriter json, IEnumerable<string> loadTypes)
    {
        json.WriteStartObject("environments");
        json.WriteString("type", "object");
        json.WriteStartObject("additionalProperties");
        json.WriteString("type", "object");
        json.WriteBoolean("additionalProperties", false);
        json.WriteStartObject("properties");
        WriteMap(json, "vars", "This environment's variables: ${name}.");
        WriteSimple(json, "allow_load", "boolean", $"Allow load checks ({string.Join(", ", loadTypes)}) against this environment.");
        WriteSimple(json, "description", "string", "Free text.");
        WriteMaintenance(json, "This environment's maintenance windows.", environmentScoped: true);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMaintenance(Utf8JsonWriter json, string description, bool environmentScoped)
    {
        json.WriteStartObject(ConfigLoader.MaintenanceKey);
        json.WriteString("type", "array");
        json.WriteString("description", description);
        json.WriteStartObject("items");
        json.WriteString("type", "object");
        json.WriteBoolean("additionalProperties", false);
        json.WriteStartArray("required");
        json.WriteStringValue("name");
        json.WriteEndArray();
        json.WriteStartObject("properties");
        foreach (var (key, text) in ConfigLoader.MaintenanceKeys.Where(k => !environmentScoped || k.Key != "environments"))
        {
            if (key is "environments" or "checks" or "tags")
            {
                WriteStringList(json, key, text);
            }
            else
            {
                WriteSimple(json, key, "string", text);
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>A value of <paramref name="type"/>, or a string (a <c>${var}</c> that interpolation turns into one).</summary>
    private static void WriteSimple(Utf8JsonWriter json, string name, string type, string description)
    {
        json.WriteStartObject(name);
        if (type == "string")
        {
            json.WriteString("type", "string");
        }
        else
        {
            json.WriteStartArray("type");
            json.WriteStringValue(type);
            json.WriteStringValue("string");
            json.WriteEndArray();
        }

        json.WriteString("description", description);
        json.WriteEndObject();
    }

    private static void WriteStringList(Utf8JsonWriter json, string name, string description)
    {
        json.WriteStartObject(name);
        json.WriteString("description", description);
        json.WriteStartArray("type");
        json.WriteStringValue("array");
        json.WriteStringValue("string");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter json, string name, string description)
    {
        json.WriteStartObject(name);
        json.WriteString("type", "object");
        json.WriteString("description", description);
        json.WriteEndObject();
    }
}
