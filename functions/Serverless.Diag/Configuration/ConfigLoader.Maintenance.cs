using System.Globalization;
using Cronos;

namespace Serverless.Diag.Configuration;

/// <summary>Planned maintenance windows: <c>maintenance:</c> at the top level and in each environment.</summary>
public sealed partial class ConfigLoader
{
    internal const string MaintenanceKey = "maintenance";

    /// <summary>The keys of one window, with what they mean (the schema lists them).</summary>
    internal static readonly (string Key, string Description)[] MaintenanceKeys =
    [
        ("name", "Unique window name, shown on every check it silences."),
        ("cron", "Five-field cron (minute hour day month weekday) in 'timezone': when each window starts."),
        ("duration", "How long each window lasts (with 'cron'), such as 2h."),
        ("timezone", "IANA time zone of 'cron' and of a 'start'/'end' without offset (default UTC)."),
        ("start", "A one-off window's start, ISO 8601 (2026-12-05T22:00:00Z)."),
        ("end", "A one-off window's end, ISO 8601; after 'start'."),
        ("environments", "Environments it covers (top level only; default: all)."),
        ("checks", "Checks it covers (default: every check, unless 'tags' is given)."),
        ("tags", "Checks carrying any of these tags are covered."),
        ("description", "Free text."),
    ];

    private static List<MaintenanceWindow> ReadMaintenance(NodeReader reader, ConfigMapping top, List<EnvironmentDefinition> environments, List<CheckDefinition> checks)
    {
        var windows = new List<MaintenanceWindow>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        ReadWindows(reader, top[MaintenanceKey], null, "'maintenance'", environments, checks, names, windows);
        if (top["environments"] is ConfigMapping declared)
        {
            foreach (var (key, value) in declared.Entries)
            {
                if (value is ConfigMapping body && body[MaintenanceKey] is { } node)
                {
                    ReadWindows(reader, node, key.Value, $"'environments.{key.Value}.maintenance'", environments, checks, names, windows);
                }
            }
        }

        return windows;
    }

    private static void ReadWindows(
        NodeReader reader, ConfigNode? node, string? environment, string what, List<EnvironmentDefinition> environments, List<CheckDefinition> checks, HashSet<string> names, List<MaintenanceWindow> windows)
    {
        if (reader.Sequence(node, what) is not { } list)
        {
            return;
        }

        var keys = MaintenanceKeys.Select(k => k.Key).Where(k => environment is null || k != "environments").ToList();
        foreach (var item in list.Items)
        {
            if (reader.Mapping(item, $"each entry of {what}") is not { } entry)
            {
                continue;
            }

            reader.UnknownKeys(entry, keys, $"a window of {what}");
            if (ReadWindow(reader, entry, environment, environments, checks) is { } window)
            {
                if (!names.Add(window.Name))
                {
                    reader.Diagnostics.Add(entry["name"]!, $"maintenance window '{window.Name}' is defined twice");
                    continue;
                }

                windows.Add(window);
            }
        }
    }

    private static MaintenanceWindow? ReadWindow(NodeReader reader, ConfigMapping entry, string? environment, List<EnvironmentDefinition> environments, List<CheckDefinition> checks)
    {
        var errors = reader.Diagnostics.Errors.Count;
        var name = reader.Scalar(entry["name"], "'name' of a maintenance window")?.Value;
        if (string.IsNullOrWhiteSpace(name))
        {
            reader.Diagnostics.Add(entry, "a maintenance window needs a 'name'");
        }

        var zone = TimeZoneInfo.Utc;
        if (reader.Scalar(entry["timezone"], "'timezone'") is { } zoneNode && !TryFindZone(zoneNode.Value, out zone))
        {
            reader.Diagnostics.Add(zoneNode, $"unknown time zone '{NodeReader.Shown(zoneNode)}': use an IANA name such as Europe/Berlin or America/New_York");
        }

        CronExpression? cron = null;
        if (reader.Scalar(entry["cron"], "'cron'") is { } cronNode)
        {
            try
            {
                cron = CronExpression.Parse(cronNode.Value, CronFormat.Standard);
            }
            catch (CronFormatException e)
            {
                reader.Diagnostics.Add(cronNode, $"'cron' must be five fields (minute hour day month weekday), such as \"0 2 * * SUN\": {e.Message}");
            }
        }

        var duration = reader.Duration(entry["duration"], "'duration'", TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        var start = Instant(reader, entry["start"], "'start'", zone);
        var end = Instant(reader, entry["end"], "'end'", zone);
        var once = entry.Contains("start") || entry.Contains("end");
        if (entry.Contains("cron") && once)
        {
            reader.Diagnostics.Add(entry, "a maintenance window has either 'cron' and 'duration', or 'start' and 'end', not both");
        }
        else if (entry.Contains("cron") && !entry.Contains("duration"))
        {
            reader.Diagnostics.Add(entry["cron"]!, "a 'cron' window needs a 'duration' (such as 2h)");
        }
        else if (once && (!entry.Contains("start") || !entry.Contains("end")))
        {
            reader.Diagnostics.Add(entry, "a one-off maintenance window needs both 'start' and 'end'");
        }
        else if (!entry.Contains("cron") && !once)
        {
            reader.Diagnostics.Add(entry, "a maintenance window needs 'cron' and 'duration', or 'start' and 'end'");
        }
        else if (start is { } s && end is { } e && e <= s)
        {
            reader.Diagnostics.Add(entry["end"]!, $"'end' ({e:u}) must be after 'start' ({s:u})");
        }

        var scopedEnvironments = environment is null
            ? Known(reader, entry["environments"], "'environments' of a maintenance window", environments.Select(x => x.Name), "environment")
            : [environment];
        var scopedChecks = Known(reader, entry["checks"], "'checks' of a maintenance window", checks.Select(c => c.Name), "check");
        var scopedTags = Known(reader, entry["tags"], "'tags' of a maintenance window", checks.SelectMany(c => c.Tags).Distinct(StringComparer.Ordinal), "tag");
        if (reader.Diagnostics.Errors.Count > errors || name is null)
        {
            return null;
        }

        return new MaintenanceWindow(name, cron, duration ?? TimeSpan.Zero, zone, start, end, scopedEnvironments, scopedChecks, scopedTags, entry.Mark);
    }

    private static List<string> Known(NodeReader reader, ConfigNode? node, string what, IEnumerable<string> known, string kind)
    {
        var knownList = known.ToList();
        var names = new List<string>();
        foreach (var scalar in reader.Names(node, what))
        {
            if (!knownList.Contains(scalar.Value, StringComparer.Ordinal))
            {
                reader.Diagnostics.Add(scalar, $"unknown {kind} '{NodeReader.Shown(scalar)}' in {what}{Suggestions.DidYouMean(scalar.Value, knownList)}");
                continue;
            }

            names.Add(scalar.Value);
        }

        return names;
    }

    private static DateTimeOffset? Instant(NodeReader reader, ConfigNode? node, string what, TimeZoneInfo zone)
    {
        if (reader.Scalar(node, what) is not { } scalar)
        {
            return null;
        }

        var text = scalar.Value.Trim();
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 19 && text.LastIndexOfAny(['+', '-']) > 10);
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
        {
            return exact;
        }

        if (!hasOffset && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            // Without an offset the time is read in the window's time zone.
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
        }

        reader.Diagnostics.Add(scalar, $"{what} must be a date and time such as 2026-12-05T22:00:00Z, not '{NodeReader.Shown(scalar)}'");
        return null;
    }

    /// <summary>IANA names only (Europe/Berlin); Windows names are accepted where the platform maps them.</summary>
    internal static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return false;
        }

        if (id is "UTC" or "Etc/UTC")
        {
            return true;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or System.Security.SecurityException)
        {
            return false;
        }
    }
}
