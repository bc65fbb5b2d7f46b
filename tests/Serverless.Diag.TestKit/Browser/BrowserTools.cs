using Serverless.Diag.TestKit.Servers;
using Xunit;

namespace Serverless.Diag.TestKit.Browser;

/// <summary>
/// Finds the real browser and the HTML validator the page tests use: Debian's <c>chromium</c> and the Nu Html Checker
/// (<c>vnu.jar</c> from the npm package <c>vnu-jar</c>, run by Java), both installed by scripts/install-prerequisites.sh.
/// Missing locally: the test is skipped saying what to install; missing in CI: the test fails.
/// </summary>
public static class BrowserTools
{
    public static string? Chromium => Find("CHROMIUM", ["chromium", "chromium-browser"]);

    public static string? Java => Find("JAVA", ["java"]);

    /// <summary>$VNU_JAR, else the global npm package's jar.</summary>
    public static string? VnuJar
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("VNU_JAR");
            if (!string.IsNullOrEmpty(configured))
            {
                return File.Exists(configured) ? configured : null;
            }

            return new[] { "/usr/lib/node_modules", "/usr/local/lib/node_modules" }
                .Select(root => Path.Combine(root, "vnu-jar", "build", "dist", "vnu.jar"))
                .FirstOrDefault(File.Exists);
        }
    }

    public static string? ChromiumMissing => Chromium is null ? "chromium not found on PATH (apt-get install chromium; scripts/install-prerequisites.sh does)" : null;

    public static string? ValidatorMissing =>
        Java is null ? "java not found on PATH (apt-get install default-jre-headless)"
        : VnuJar is null ? "vnu.jar not found (npm install -g vnu-jar, pinned in scripts/install-prerequisites.sh; or set VNU_JAR)"
        : null;

    /// <summary>Fails when a tool is missing (a <see cref="BrowserFactAttribute"/> test reaches this locally only when both are there).</summary>
    public static void Require(string? missing)
    {
        if (missing is not null)
        {
            Assert.Fail(ServerBinaries.InCi ? $"{missing}; CI must install it (scripts/install-prerequisites.sh)" : missing);
        }
    }

    private static string? Find(string variable, string[] names)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin");
        return path.SelectMany(dir => names.Select(name => Path.Combine(dir, name))).FirstOrDefault(File.Exists);
    }
}
