using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Serverless.Diag.Cli.Infrastructure.Logging;

/// <summary>
/// The line the library's simple console formatter writes with <c>SingleLine</c> (<c>info: Category[0] message</c>, the
/// exception on the same line, the level coloured on a terminal), written without it: the library's own formatter is
/// internal and configured only through DI, and building that container was most of the logging's cost at start-up
/// in the Native AOT binary. ConsoleLoggingTests compares both formatters' output line for line.
/// </summary>
internal sealed class SingleLineConsoleFormatter(bool colors) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "serverless-diag-single-line";

    // ANSI codes as the library writes them: background, foreground, text, default foreground, default background.
    private const string DefaultForeground = "\x1B[39m\x1B[22m";
    private const string DefaultBackground = "\x1B[49m";
    private const string OnBlack = "\x1B[40m";
    private const string OnDarkRed = "\x1B[41m";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is null && message is null)
        {
            return;
        }

        var (background, foreground) = colors ? Colors(logEntry.LogLevel) : (null, null);
        textWriter.Write(background);
        textWriter.Write(foreground);
        textWriter.Write(Label(logEntry.LogLevel));
        if (foreground is not null)
        {
            textWriter.Write(DefaultForeground);
        }

        if (background is not null)
        {
            textWriter.Write(DefaultBackground);
        }

        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write(']');
        WriteOneLine(textWriter, message);
        if (logEntry.Exception is not null)
        {
            WriteOneLine(textWriter, logEntry.Exception.ToString());
        }

        textWriter.Write(Environment.NewLine);
    }

    private static void WriteOneLine(TextWriter textWriter, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            textWriter.Write(' ');
            textWriter.Write(text.Replace(Environment.NewLine, " ", StringComparison.Ordinal));
        }
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    private static (string? Background, string? Foreground) Colors(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => (OnBlack, "\x1B[37m"), // gray
        LogLevel.Information => (OnBlack, "\x1B[32m"), // dark green
        LogLevel.Warning => (OnBlack, "\x1B[1m\x1B[33m"), // yellow
        LogLevel.Error => (OnDarkRed, "\x1B[30m"), // black
        LogLevel.Critical => (OnDarkRed, "\x1B[1m\x1B[37m"), // white
        _ => (null, null),
    };
}
