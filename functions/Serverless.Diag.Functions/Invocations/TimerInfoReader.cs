using System.Globalization;
using System.Text.Json;

namespace Serverless.Diag.Functions.Invocations;

/// <summary>
/// Reads <see cref="TimerInfo"/> from the timer binding as hosts really send it: an object or a JSON string,
/// <c>Last</c> without an offset (<c>0001-01-01T00:00:00</c>, which DateTimeOffset's converter refuses),
/// a null ScheduleStatus, fields we do not know. Read by hand rather than by converter for exactly that tolerance.
/// </summary>
public static class TimerInfoReader
{
    /// <summary>The binding name in our function.json; any other single binding is accepted too (samples use "myTimer").</summary>
    public const string BindingName = "timer";

    /// <exception cref="FormatException">The timer binding is present but is not a timer object.</exception>
    public static TimerInfo Read(InvocationRequest request)
    {
        if (request.Data is null || request.Data.Count == 0)
        {
            return new TimerInfo();
        }

        var binding = request.Data.TryGetValue(BindingName, out var named)
            ? named
            : request.Data.Values.First();
        return Read(binding);
    }

    /// <exception cref="FormatException">Not a timer object.</exception>
    public static TimerInfo Read(JsonElement binding)
    {
        if (binding.ValueKind == JsonValueKind.String)
        {
            // Older hosts serialise trigger data as a string holding JSON.
            try
            {
                using var document = JsonDocument.Parse(binding.GetString() ?? "{}");
                return Read(document.RootElement.Clone());
            }
            catch (JsonException e)
            {
                throw new FormatException($"timer binding is a string but not JSON: {e.Message}", e);
            }
        }

        if (binding.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return new TimerInfo();
        }

        if (binding.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"timer binding must be an object, not {binding.ValueKind}");
        }

        var status = Property(binding, "ScheduleStatus") is { ValueKind: JsonValueKind.Object } s
            ? new ScheduleStatus
            {
                Last = Time(s, "Last"),
                Next = Time(s, "Next"),
                LastUpdated = Time(s, "LastUpdated"),
            }
            : null;
        var pastDue = Property(binding, "IsPastDue") switch
        {
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.String } p => bool.TryParse(p.GetString(), out var b) && b,
            _ => false,
        };
        return new TimerInfo { ScheduleStatus = status, IsPastDue = pastDue };
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static DateTimeOffset Time(JsonElement element, string name)
    {
        if (Property(element, name) is not { ValueKind: JsonValueKind.String } value)
        {
            return DateTimeOffset.MinValue;
        }

        // No offset means UTC: the host writes the schedule monitor's times in UTC.
        return DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new FormatException($"ScheduleStatus.{name} is not a time: '{value.GetString()}'");
    }
}
