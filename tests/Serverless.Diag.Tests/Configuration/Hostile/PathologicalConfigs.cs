using System.Text;

namespace Serverless.Diag.Tests.Configuration.Hostile;

/// <summary>Generators for the families of hostile configs: deep, self-multiplying, huge, long.</summary>
internal static class PathologicalConfigs
{
    public const string Head = "version: 1\n";

    public static string Check(string name, string extra = "") =>
        $"  - name: {name}\n    type: tcp\n    host: localhost\n    port: 5432\n{extra}";

    public static string DeepFlowSequences(int depth) => Head + "vars:\n  v: " + new string('[', depth) + new string(']', depth) + "\nchecks:\n" + Check("a");

    public static string DeepFlowMappings(int depth) =>
        Head + "vars:\n  v: " + Repeat("{a: ", depth) + "1" + new string('}', depth) + "\nchecks:\n" + Check("a");

    public static string DeepBlockMappings(int depth)
    {
        var text = new StringBuilder(Head).Append("defaults:\n");
        for (var i = 1; i <= depth; i++)
        {
            text.Append(' ', i).Append("k:\n");
        }

        return text.Append("checks:\n").Append(Check("a")).ToString();
    }

    public static string DeepHeaderValue(int depth) =>
        Head + "checks:\n  - name: a\n    type: http\n    url: http://localhost/\n    headers:\n      X-Deep: " + new string('[', depth) + new string(']', depth) + "\n";

    /// <summary>A JSON body nested <paramref name="depth"/> levels in YAML flow style.</summary>
    public static string DeepJsonBody(int depth) =>
        Head + "checks:\n  - name: a\n    type: http\n    url: http://localhost/\n    method: POST\n    json: " + Repeat("{k: ", depth) + "1" + new string('}', depth) + "\n";

    /// <summary>A JSON body written as JSON text, nested <paramref name="depth"/> levels.</summary>
    public static string DeepJsonText(int depth) =>
        Head + "checks:\n  - name: a\n    type: http\n    url: http://localhost/\n    method: POST\n    json: '" + Repeat("{\"k\":", depth) + "1" + new string('}', depth) + "'\n";

    /// <summary>"Billion laughs": each level is a list of ten aliases of the one before.</summary>
    public static string BillionLaughs(int levels)
    {
        var text = new StringBuilder(Head).Append("vars:\n  l0: &l0 \"lol\"\n");
        for (var i = 1; i <= levels; i++)
        {
            text.Append($"  l{i}: &l{i} [").AppendJoin(", ", Enumerable.Repeat($"*l{i - 1}", 10)).Append("]\n");
        }

        return text.Append("checks:\n").Append(Check("a")).ToString();
    }

    /// <summary>The same through merge keys, used where the tree is walked: a check's settings.</summary>
    public static string MergeKeyLaughs(int levels)
    {
        var text = new StringBuilder(Head).Append("x-base:\n  m0: &m0 { a: lol, b: lol }\n");
        for (var i = 1; i <= levels; i++)
        {
            text.Append($"  m{i}: &m{i} {{ <<: *m{i - 1}, a{i}: *m{i - 1}, b{i}: *m{i - 1}, c{i}: *m{i - 1}, d{i}: *m{i - 1} }}\n");
        }

        return text.Append("checks:\n  - name: a\n    type: http\n    url: http://localhost/\n    headers: *m").Append(levels).Append('\n').ToString();
    }

    /// <summary>Vars that double at every level: v{n} is 2^n copies of v0.</summary>
    public static string DoublingVariables(int levels)
    {
        var text = new StringBuilder(Head).Append("vars:\n  v0: \"0123456789\"\n");
        for (var i = 1; i <= levels; i++)
        {
            text.Append($"  v{i}: \"${{v{i - 1}}}${{v{i - 1}}}\"\n");
        }

        return text.Append("checks:\n  - name: a\n    type: http\n    url: http://localhost/${v").Append(levels).Append("}\n").ToString();
    }

    /// <summary>v0 uses v1, which uses v2 ... and the last is a plain value.</summary>
    public static string VariableChain(int length)
    {
        var text = new StringBuilder(Head).Append("vars:\n");
        for (var i = 0; i < length; i++)
        {
            text.Append($"  v{i}: \"${{v{i + 1}}}\"\n");
        }

        return text.Append($"  v{length}: localhost\nchecks:\n  - name: a\n    type: tcp\n    host: ${{v0}}\n    port: 80\n").ToString();
    }

    /// <summary>c0 depends on c1, which depends on c2 ... <paramref name="length"/> checks long.</summary>
    public static string DependencyChain(int length, bool closeTheLoop = false)
    {
        var text = new StringBuilder(Head).Append("checks:\n");
        for (var i = 0; i < length; i++)
        {
            var next = i + 1 < length ? i + 1 : closeTheLoop ? 0 : -1;
            text.Append(Check($"c{i}", next >= 0 ? $"    depends_on: [c{next}]\n" : string.Empty));
        }

        return text.ToString();
    }

    /// <summary>About <paramref name="vars"/> vars and as many checks using them: a very large, valid config.</summary>
    public static string Large(int vars, int checks)
    {
        var text = new StringBuilder(Head).Append("vars:\n");
        for (var i = 0; i < vars; i++)
        {
            text.Append($"  host{i}: host{i}.internal\n");
        }

        text.Append("environments:\n  staging: {}\n  production:\n    vars: { host0: prod.internal }\nchecks:\n");
        for (var i = 0; i < checks; i++)
        {
            text.Append($"  - name: check{i}\n    type: tcp\n    host: ${{host{i % vars}}}\n    port: {1 + (i % 65535)}\n    tags: [t{i % 10}]\n");
        }

        return text.ToString();
    }

    public static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();
}
