using System.IO.Compression;

namespace Serverless.Diag.IntegrationTests.Infra;

/// <summary>Every shell script passes shellcheck; the deployment scripts refuse bad input and survive bash 3.2's rules; the package keeps its file modes.</summary>
public sealed class ScriptTests
{
    [Fact]
    public async Task Every_script_in_the_repository_passes_shellcheck()
    {
        var shellcheck = Repo.OnPath("shellcheck");
        if (shellcheck is null)
        {
            // CI installs it (scripts/install-prerequisites.sh); a missing one there is a failure, never a skip.
            Assert.False(Repo.InCi, "shellcheck is not installed; scripts/install-prerequisites.sh installs it");
            return;
        }

        var scripts = Scripts().ToList();
        Assert.Contains(scripts, s => s.EndsWith("infra/deploy.sh", StringComparison.Ordinal));
        Assert.Contains(scripts, s => s.EndsWith(".ci/run", StringComparison.Ordinal));

        var (exit, stdout, stderr) = await Repo.RunAsync(shellcheck, ["--severity=style", .. scripts], TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, $"shellcheck found problems:\n{stdout}{stderr}");
    }

    [Fact]
    public void No_script_expands_a_possibly_empty_array_bare_under_set_u()
    {
        // bash 3.2 (macOS) calls "${array[@]}" unbound under set -u when the array is empty. An array filled only
        // from options must be guarded: ${a[@]+"${a[@]}"} or a length check on the line before.
        foreach (var script in Scripts())
        {
            var lines = File.ReadAllLines(script);
            var arrays = lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\s*(?:local\s+)?(\w+)=\(\)\s*(?:#.*)?$")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var array in arrays)
                {
                    var bare = $"\"${{{array}[@]}}\"";
                    if (lines[i].Contains(bare, StringComparison.Ordinal)
                        && !lines[i].Contains($"${{{array}[@]+", StringComparison.Ordinal)
                        && !(i > 0 && lines[i - 1].Contains($"${{#{array}[@]}}", StringComparison.Ordinal))
                        && !lines.Take(i).Any(l => l.Contains($"${{#{array}[@]}} -eq 0", StringComparison.Ordinal)))
                    {
                        Assert.Fail($"{Path.GetRelativePath(Repo.Root, script)}:{i + 1}: \"${{{array}[@]}}\" may be empty; bash 3.2 fails on it under set -u");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("prod-eu")]
    [InlineData("a")]
    [InlineData("averyverylongname")]
    public async Task Deploy_refuses_an_environment_name_that_cannot_become_a_resource_name(string environment)
    {
        var (exit, _, stderr) = await Repo.RunAsync("bash", [Repo.File("infra", "deploy.sh"), "--resource-group", "rg", "--environment", environment, "--skip-package"], TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        Assert.Contains("must be 2-12 lower-case letters and digits", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_package_zip_records_unix_modes_whatever_the_file_system_says()
    {
        var source = Directory.CreateTempSubdirectory("sdiag-zip-").FullName;
        Directory.CreateDirectory(Path.Combine(source, "bin"));
        await File.WriteAllBytesAsync(Path.Combine(source, "bin", "Serverless.Diag.Functions"), [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1]);
        await File.WriteAllTextAsync(Path.Combine(source, "bin", "start.sh"), "#!/bin/sh\nexit 0\n");
        await File.WriteAllTextAsync(Path.Combine(source, "host.json"), "{}");
        // As on Windows: nothing is executable on disk.
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        var zip = Path.Combine(source, "..", Path.GetFileName(source) + ".zip");
        var (exit, _, stderr) = await Repo.RunAsync("python3", [Repo.File("infra", "zip-package.py"), source, zip], TimeSpan.FromSeconds(30));

        Assert.True(exit == 0, stderr);
        using var archive = ZipFile.OpenRead(zip);
        var modes = archive.Entries.ToDictionary(e => e.FullName, e => (e.ExternalAttributes >> 16) & 0x1FF);
        Assert.Equal(["bin/Serverless.Diag.Functions", "bin/start.sh", "host.json"], modes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0x1ED, modes["bin/Serverless.Diag.Functions"]); // 0755
        Assert.Equal(0x1ED, modes["bin/start.sh"]);
        Assert.Equal(0x1A4, modes["host.json"]); // 0644
    }

    private static IEnumerable<string> Scripts()
    {
        foreach (var file in Directory.EnumerateFiles(Repo.Root, "*.sh", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repo.Root, file);
            if (!relative.Contains("/bin/", StringComparison.Ordinal) && !relative.Contains("/obj/", StringComparison.Ordinal)
                && !relative.StartsWith("artifacts", StringComparison.Ordinal) && !relative.Contains("node_modules", StringComparison.Ordinal))
            {
                yield return file;
            }
        }

        yield return Repo.File(".ci", "run");
    }
}
