using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Simulators.Core.Hosting;

public static class OptionsBinding
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from a configuration section the eShop way (validated at
    /// start-up), refuses keys the options do not have, and registers <typeparamref name="T"/> itself
    /// for handlers to inject.
    /// </summary>
    public static OptionsBuilder<T> AddSimulatorOptions<T>(this IServiceCollection services, IConfiguration configuration, string section, Func<T, IEnumerable<string>>? validate = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new KnownKeysValidator<T>(configuration.GetSection(section), validate));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return builder;
    }

    /// <summary>The configuration keys under <paramref name="section"/> that <paramref name="type"/> has no property for.</summary>
    public static IEnumerable<string> UnknownKeys(IConfigurationSection section, Type type)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(type);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property) || (!property.CanWrite && !IsCollection(property.PropertyType)))
            {
                yield return child.Path;
            }
            else if (!IsCollection(property.PropertyType) && property.PropertyType.IsClass && property.PropertyType != typeof(string))
            {
                foreach (var nested in UnknownKeys(child, property.PropertyType))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private sealed class KnownKeysValidator<T>(IConfigurationSection section, Func<T, IEnumerable<string>>? validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = UnknownKeys(section, typeof(T)).Select(key => $"unknown option '{key}'").ToList();
            if (validate is not null)
            {
                failures.AddRange(validate(options));
            }
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
