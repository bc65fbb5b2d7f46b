using System.IO.Compression;
using System.Text.Json;
using Serverless.Diag.TestKit.FunctionsHost;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>What infra/package.sh produces is the zip layout Flex Consumption runs, and the unzipped worker starts.</summary>
[Collection(PublishedAppCollection.Name)]
public sealed class PackageLayoutTests(PackagedApp package)
{
    [Fact]
    public void The_zip_has_host_json_the_worker_config_the_function_metadata_the_extensions_and_the_config_at_its_root()
    {
        using var zip = ZipFile.OpenRead(package.Zip);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("host.json", names);
        Assert.Contains("worker.config.json", names);
        Assert.Contains("functions.metadata", names);
        Assert.Contains("Serverless.Diag.Functions.dll", names);
        Assert.Contains("diag.yaml", names);
        Assert.Contains("examples/demo.yaml", names);
        Assert.Contains(names, n => n.StartsWith(".azurefunctions/", StringComparison.Ordinal) && n.EndsWith("Microsoft.Azure.Functions.Worker.Extensions.dll", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.EndsWith(".pdb", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.EndsWith("function.json", StringComparison.Ordinal));
        Assert.Equal(PackagedApp.Config, ReadEntry(zip, "diag.yaml"));
        Assert.Equal(File.ReadAllText(Path.Combine(PackagedApp.RepositoryRoot(), "host.json")), ReadEntry(zip, "host.json"));
    }

    [Fact]
    public void The_worker_config_starts_the_worker_dll_with_dotnet_and_indexes_in_the_worker()
    {
        using var zip = ZipFile.OpenRead(package.Zip);
        using var config = JsonDocument.Parse(ReadEntry(zip, "worker.config.json"));
        var description = config.RootElement.GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        Assert.Equal("Serverless.Diag.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
        Assert.Equal("true", description.GetProperty("workerIndexing").GetString());
    }

    [Fact]
    public void The_worker_runs_with_the_workstation_gc_that_compacts_large_bodies_away()
    {
        using var zip = ZipFile.OpenRead(package.Zip);
        using var config = JsonDocument.Parse(ReadEntry(zip, "Serverless.Diag.Functions.runtimeconfig.json"));
        var options = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(options.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(5, options.GetProperty("System.GC.ConserveMemory").GetInt32());
    }

    [Fact]
    public void File_modes_are_recorded_in_the_zip()
    {
        using var zip = ZipFile.OpenRead(package.Zip);

        Assert.All(zip.Entries, e => Assert.NotEqual(0, (e.ExternalAttributes >> 16) & 0x1FF));
    }

    [Fact]
    public async Task The_unzipped_package_starts_under_the_host_protocol_and_runs_the_timer()
    {
        var extracted = Directory.CreateTempSubdirectory("diag-unzipped-").FullName;
        try
        {
            ZipFile.ExtractToDirectory(package.Zip, extracted);
            await using var host = await FunctionsHostEmulator.StartAsync(extracted, new Dictionary<string, string?> { ["DIAG_SCHEDULE"] = "0 */5 * * * *" });

            var run = await host.InvokeTimerAsync("ScheduledDiagnosis", TimerPayloads.FirstRun(new DateTime(2026, 3, 1, 10, 5, 0, DateTimeKind.Utc)));

            Assert.True(run.Succeeded, run.FailureMessage);
            Assert.Contains(run.Logs, l => l.Message.Contains("pass in", StringComparison.Ordinal) && l.Message.Contains("0 check(s)", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(extracted, recursive: true);
        }
    }

    private static string ReadEntry(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
