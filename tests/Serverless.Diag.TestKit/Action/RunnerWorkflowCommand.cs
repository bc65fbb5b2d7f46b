namespace Serverless.Diag.TestKit.Action;

/// <summary>
/// A workflow command as the Actions runner reads a log line (ActionCommand.TryParseV2): the trimmed line starts
/// with <c>::</c>, the command section ends at the next <c>::</c>, properties are <c>key=value</c> separated by
/// commas; values are unescaped %0D, %0A (and %3A, %2C for properties) first and %25 last.
/// </summary>
public sealed record RunnerWorkflowCommand(string Command, IReadOnlyDictionary<string, string> Properties, string Data)
{
    public static bool TryParse(string line, out RunnerWorkflowCommand? command)
    {
        command = null;
        var trimmed = line.Trim();
        if (!trimmed.StartsWith("::", StringComparison.Ordinal))
        {
            return false;
        }

        var end = trimmed.IndexOf("::", 2, StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var info = trimmed[2..end];
        var space = info.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? info : info[..space];
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (space >= 0)
        {
            foreach (var pair in info[(space + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split('=', 2);
                if (parts.Length == 2)
                {
                    properties[parts[0]] = UnescapeProperty(parts[1]);
                }
            }
        }

        command = new RunnerWorkflowCommand(name, properties, UnescapeData(trimmed[(end + 2)..]));
        return true;
    }

    /// <summary>
    /// The commands the runner acts on, in order. After <c>::stop-commands::TOKEN</c> nothing is acted on until the
    /// line <c>::TOKEN::</c>; the stop-commands command itself is listed, the resuming line is not.
    /// </summary>
    public static IReadOnlyList<RunnerWorkflowCommand> ParseAll(string log)
    {
        var commands = new List<RunnerWorkflowCommand>();
        string? stoppedUntil = null;
        foreach (var line in log.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (stoppedUntil is not null)
            {
                if (line.Trim() == $"::{stoppedUntil}::")
                {
                    stoppedUntil = null;
                }

                continue;
            }

            if (TryParse(line, out var command))
            {
                commands.Add(command!);
                if (command!.Command == "stop-commands" && command.Data.Length > 0)
                {
                    stoppedUntil = command.Data;
                }
            }
        }

        return commands;
    }

    public static string UnescapeData(string value) => value
        .Replace("%0D", "\r", StringComparison.Ordinal)
        .Replace("%0A", "\n", StringComparison.Ordinal)
        .Replace("%25", "%", StringComparison.Ordinal);

    public static string UnescapeProperty(string value) => value
        .Replace("%0D", "\r", StringComparison.Ordinal)
        .Replace("%0A", "\n", StringComparison.Ordinal)
        .Replace("%3A", ":", StringComparison.Ordinal)
        .Replace("%2C", ",", StringComparison.Ordinal)
        .Replace("%25", "%", StringComparison.Ordinal);
}
