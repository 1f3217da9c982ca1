# The QA sandbox image: every simulator, listening on all interfaces inside the container.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish simulators/Simulators.Host -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV SIMULATORS_BIND=0.0.0.0
EXPOSE 5101 5102 5103 5104
ENTRYPOINT ["dotnet", "Simulators.Host.dll"]
