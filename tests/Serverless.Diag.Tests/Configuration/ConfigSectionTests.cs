using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.Probes;
using Serverless.Diag.Running;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.Configuration;

/// <summary>Sections owned by packs (the GitHub pack's incident policy): the engine routes their keys, the owner reads them.</summary>
public class ConfigSectionTests
{
    private const string WithEscalation = """
        version: 1
        defaults:
          escalate_after: 1h
        github:
          close_after: 4
        checks:
          - name: api
            type: scripted
            escalate_after: 5m
          - name: db
            type: scripted
        """;

    [Fact]
    public void The_github_pack_reads_its_block_and_each_checks_escalate_after_with_defaults_applied()
    {
        var config = TestConfigs.Parse(WithEscalation);
        var settings = GitHubSettings.Of(config);

        Assert.Equal(4, settings.CloseAfter);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.CheckEscalateAfter["api"]);
        Assert.Equal(TimeSpan.FromHours(1), settings.CheckEscalateAfter["db"]);
    }

    [Fact]
    public void A_sections_check_key_never_reaches_the_probe()
    {
        var config = TestConfigs.Parse(WithEscalation);

        Assert.False(config.FindCheck("api")!.Settings.Contains("escalate_after"));
    }

    [Fact]
    public void Without_the_section_registered_its_keys_are_unknown_at_their_position()
    {
        var loader = new ConfigLoader(new ProbeRegistry(BuiltInProbes.Create()).Add(new ScriptedProbeFactory()));

        var e = Assert.Throws<ConfigException>(() => loader.Parse(WithEscalation, "diag.yaml"));

        var errors = e.Errors.Select(x => x.ToString()).ToList();
        Assert.Contains(errors, x => x.StartsWith("diag.yaml:3:3: unknown key 'escalate_after' in 'defaults'", StringComparison.Ordinal));
        Assert.Contains(errors, x => x.StartsWith("diag.yaml:4:1: unknown key 'github' in the config", StringComparison.Ordinal));
        Assert.Contains(errors, x => x.StartsWith("diag.yaml:9:5: unknown key 'escalate_after' in check 'api'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("github:\n  clos_after: 2\nchecks: []\n", "diag.yaml:3:3: unknown key 'clos_after' in 'github' (did you mean 'close_after'?)")]
    [InlineData("github:\n  escalate_after: { P9: 5m }\nchecks: []\n", "diag.yaml:3:21: 'P9' is not a severity")]
    [InlineData("checks:\n  - name: a\n    type: scripted\n    escalate_after: soon\n", "diag.yaml:5:21: 'escalate_after' must be a duration")]
    public void The_section_reports_its_own_problems_at_their_position(string yaml, string expected)
    {
        var errors = TestConfigs.Errors("version: 1\n" + yaml).Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_planner_asks_the_factory_whether_a_type_puts_load_on_the_target()
    {
        var scripted = new LoadingProbeFactory();
        var registry = new ProbeRegistry([scripted]);
        var config = new ConfigLoader(registry).Parse("version: 1\nenvironments:\n  staging: {}\nchecks:\n  - name: burst\n    type: loading\n", "diag.yaml");

        var plan = new RunPlanner(registry, _ => null).Plan(config, RunFilter.All);

        var check = Assert.Single(Assert.Single(plan.Environments).Checks);
        Assert.Equal("load checks need 'allow_load: true' on environment 'staging'", check.SkipReason);
    }

    private sealed class LoadingProbeFactory : IProbeFactory
    {
        public string Type => "loading";

        public IReadOnlyCollection<string> SettingKeys { get; } = [];

        public MeasurementVocabulary Vocabulary { get; } = new("value");

        public bool PutsLoad => true;

        public IProbe? Create(CheckSettings settings) => null;
    }
}
