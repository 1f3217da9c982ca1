# The QA sandbox image: the four simulators (5101-5104) and the console (5100) in one process, state in
# SQLite on /data (mount a volume there), request logs on stdout as JSON lines. docker-compose.yml runs it.
#
# Settings are environment variables: the host's own as SIMULATORS_* (SIMULATORS_CONTROL_TOKEN,
# SIMULATORS_ALLOW_OUTBOUND, SIMULATORS_<ID>_URLS=off, ...; `--help` lists them), any provider or engine
# option as <Section>__<Key> (AnyCheck__DefaultPassword=..., Verihubs__FinishedAfterSeconds=5,
# Journal__Capacity=5000).

# ---- build: restore from the project files alone, so a code change reuses the restore layer ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY simulators/Simulators.Core/Simulators.Core.csproj simulators/Simulators.Core/
COPY simulators/Simulators.AnyCheck/Simulators.AnyCheck.csproj simulators/Simulators.AnyCheck/
COPY simulators/Simulators.Verifik/Simulators.Verifik.csproj simulators/Simulators.Verifik/
COPY simulators/Simulators.AdvanceAi/Simulators.AdvanceAi.csproj simulators/Simulators.AdvanceAi/
COPY simulators/Simulators.Verihubs/Simulators.Verihubs.csproj simulators/Simulators.Verihubs/
COPY simulators/Simulators.SandboxConsole/Simulators.SandboxConsole.csproj simulators/Simulators.SandboxConsole/
COPY simulators/Simulators.Host/Simulators.Host.csproj simulators/Simulators.Host/
RUN dotnet restore simulators/Simulators.Host/Simulators.Host.csproj
COPY fixtures/ fixtures/
# Embedded in Simulators.Core: the OpenAPI documents and the schemas they reference (GET /__simulator/openapi.json).
COPY schemas/ schemas/
COPY contracts/openapi/ contracts/openapi/
COPY simulators/ simulators/
RUN dotnet publish simulators/Simulators.Host/Simulators.Host.csproj --configuration Release --no-restore --output /app

# ---- runtime: the ASP.NET Core runtime only, as the image's unprivileged user ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# /data belongs to the app user, so a named volume mounted there starts writable by it.
RUN mkdir -p /data && chown "$APP_UID" /data
COPY --from=build /app .
ENV SIMULATORS_BIND=0.0.0.0 \
    SIMULATORS_STORE=sqlite:/data/simulators.db \
    SIMULATORS_LOG_REQUESTS=true \
    SIMULATORS_LOG_FORMAT=json \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
USER $APP_UID
VOLUME /data
EXPOSE 5100 5101 5102 5103 5104
# The image has no curl: the host probes its own /__simulator/health endpoints (exit 0 when all answer ok).
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 CMD ["dotnet", "Simulators.Host.dll", "--health-check"]
ENTRYPOINT ["dotnet", "Simulators.Host.dll"]
