using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes;

/// <summary>TEMPORARY scaffolding while a check type is being built: refuses the check at load time. Delete when every type is real.</summary>
internal sealed class PendingProbeFactory(string type) : IProbeFactory
{
    public string Type => type;

    public IReadOnlyCollection<string> SettingKeys => [];

    public MeasurementVocabulary Vocabulary => MeasurementVocabulary.Open;

    public IProbe? Create(CheckSettings settings)
    {
        settings.Error("type", $"check type '{type}' is not available in this build yet");
        return null;
    }
}
