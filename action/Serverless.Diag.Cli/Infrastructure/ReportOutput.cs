using Serverless.Diag.Reporting;
using Serverless.Diag.Sinks.Console;
using Serverless.Diag.Sinks.Json;
using Serverless.Diag.Sinks.Markdown;

namespace Serverless.Diag.Cli.Infrastructure;

public enum ReportFormat
{
    Text,
    Json,
    Markdown,
}

/// <summary>Writes the report in the chosen format to stdout, or to a file (then a text report goes to stdout).</summary>
internal static class ReportOutput
{
    public static async Task WriteAsync(RunReport report, ReportFormat format, string? outputPath, CliServices services, CancellationToken cancellationToken)
    {
        if (outputPath is not null)
        {
            await File.WriteAllTextAsync(outputPath, Render(report, format, color: false), cancellationToken);
            if (format != ReportFormat.Text)
            {
                new ConsoleReportWriter(services.Stdout, UseColor(services)).Write(report);
            }

            return;
        }

        if (format == ReportFormat.Text)
        {
            new ConsoleReportWriter(services.Stdout, UseColor(services)).Write(report);
        }
        else
        {
            await services.Stdout.WriteAsync(Render(report, format, color: false));
            await services.Stdout.WriteLineAsync();
        }
    }

    public static string Render(RunReport report, ReportFormat format, bool color) => format switch
    {
        ReportFormat.Json => JsonReportWriter.ToJson(report),
        ReportFormat.Markdown => MarkdownReportWriter.ToMarkdown(report),
        _ => RenderText(report, color),
    };

    private static string RenderText(RunReport report, bool color)
    {
        using var writer = new StringWriter();
        new ConsoleReportWriter(writer, color).Write(report);
        return writer.ToString();
    }

    private static bool UseColor(CliServices services) =>
        ReferenceEquals(services.Stdout, System.Console.Out) && !System.Console.IsOutputRedirected && services.Environment("NO_COLOR") is null;
}
