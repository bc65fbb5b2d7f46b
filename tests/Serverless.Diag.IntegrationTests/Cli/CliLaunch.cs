using System.Diagnostics;
using Serverless.Diag.IntegrationTests.Aot;

namespace Serverless.Diag.IntegrationTests.Cli;

/// <summary>
/// How the process-level tests start the command line: the published Native AOT binary when <c>DIAG_CLI_BINARY</c>
/// names one (scripts/test.sh sets it, so CI runs every process test against the shipped binary), else the built
/// assembly under <c>dotnet</c> (a quick local loop that needs no publish).
/// </summary>
internal static class CliLaunch
{
    public static ProcessStartInfo StartInfo(string dotnetHost, string assembly)
    {
        if (AotBinary.Given is { } binary)
        {
            return new ProcessStartInfo(binary);
        }

        var start = new ProcessStartInfo(dotnetHost);
        start.ArgumentList.Add(assembly);
        return start;
    }
}
