using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StoryBot.Core;

/// <summary>
/// Reads every options section registered with <see cref="CoreServices.AddValidatedOptions{T}"/> at start, and
/// collects every problem (a failed validation, a value that cannot be converted) instead of stopping at the first.
/// </summary>
public static class ConfigurationCheck
{
    public const int ExitCode = 2;

    public static StartupProblem? Run(IServiceProvider services)
    {
        var problems = new List<string>();
        foreach (var registered in services.GetServices<ValidatedSection>())
        {
            var options = services.GetRequiredService(typeof(IOptions<>).MakeGenericType(registered.OptionsType));
            try
            {
                _ = options.GetType().GetProperty(nameof(IOptions<object>.Value))!.GetValue(options);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is OptionsValidationException invalid)
            {
                problems.AddRange(invalid.Failures);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is InvalidOperationException conversion)
            {
                // Binding a malformed value ("Failed to convert configuration value at 'Schedule:Tick' …").
                problems.Add(conversion.Message);
            }
        }

        return problems.Count == 0
            ? null
            : new StartupProblem(ExitCode, $"Invalid configuration: {string.Join(" ", problems.Select(p => p.ReplaceLineEndings(" ").Trim()))}");
    }
}

/// <summary>Marks an options type as one <see cref="ConfigurationCheck"/> reads.</summary>
public sealed record ValidatedSection(Type OptionsType);
