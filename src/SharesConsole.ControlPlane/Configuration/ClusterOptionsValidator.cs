using Microsoft.Extensions.Options;

namespace SharesConsole.ControlPlane.Configuration;

/// <summary>Validates the whole <c>Cluster</c> section at startup and reports every bad key at once.</summary>
public sealed class ClusterOptionsValidator(IOptions<LabOptions> lab) : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var errors = new List<string>();
        ClusterConfiguration.TryBuild(options, lab.Value.Enabled, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
