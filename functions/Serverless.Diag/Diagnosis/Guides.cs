namespace Serverless.Diag.Diagnosis;

/// <summary>The five troubleshooting guides the built-in rules come from, named the way the docs name them.</summary>
internal static class Guides
{
    public const string ToolboxAi = "ToolboxAI backend guide (000)";
    public const string FastApi = "FastAPI service guide (001)";
    public const string DryRun = "Toombos dry-run guide (002)";
    public const string Generic = "generic backend troubleshooting guide (003)";
    public const string AiSaas = "AI SaaS platform guide (004)";

    public static string Section(string guide, string section) => $"{guide}, \"{section}\"";
}
