using System.CommandLine;

namespace Serverless.Diag.Cli.Commands;

/// <summary>Options more than one command takes.</summary>
internal static class SharedOptions
{
    public static Option<string> Config() => new("--config", "-c")
    {
        Description = "Path of the config file",
        DefaultValueFactory = _ => "diag.yaml",
    };

    public static Option<string?> State() => new("--state")
    {
        Description = "State store for memory across runs: a directory, a table endpoint or a storage connection string (overrides DIAG_STATE)",
    };
}
