package io.ttc4j.serving.internal;

import io.ttc4j.serving.ServerEndpoint;

/** The endpoint a client's builder names: the caller's shared one, or one the client creates and owns. */
public final class Endpoints {
  private Endpoints() {}

  /**
   * Checks that {@code model} and one of {@code shared} or {@code baseUrl} are given, and returns
   * {@code shared}, or a new endpoint for {@code baseUrl} named {@code name} (the client then owns it).
   */
  public static ServerEndpoint resolve(ServerEndpoint shared, String baseUrl, String model, String name) {
    if (model == null) {
      throw new IllegalArgumentException("model is required");
    }
    if (shared == null && baseUrl == null) {
      throw new IllegalArgumentException("an endpoint or a baseUrl is required");
    }
    return shared != null ? shared : ServerEndpoint.builder(baseUrl).name(name).build();
  }
}
