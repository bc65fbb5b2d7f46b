using Microsoft.Extensions.Logging;
using Serverless.Diag.Cli.Infrastructure.Logging;

namespace Serverless.Diag.Cli.Commands.Serve;

/// <summary>
/// serve's log: single-line console messages on stdout from Information, the framework's own from Warning (ASP.NET
/// Core's request lines would print the query, which may hold the key: code=). Built on the first message.
/// </summary>
internal static class ServeLogging
{
    /// <param name="extra">Another destination for the same lines (tests record them).</param>
    public static DeferredLoggerFactory Create(ILoggerProvider? extra = null) =>
        new(() => ConsoleLogging.Create(LogLevel.Information, standardError: false, frameworkMinimum: LogLevel.Warning, extra), LogLevel.Information);
}
