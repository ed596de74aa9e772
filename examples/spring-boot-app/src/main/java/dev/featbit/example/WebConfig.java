package dev.featbit.example;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the maintenance switch in front of the API (not of the actuator endpoints). */
@Configuration(proxyBeanMethods = false)
public class WebConfig implements WebMvcConfigurer {
  private final MaintenanceInterceptor maintenance;

  public WebConfig(MaintenanceInterceptor maintenance) {
    this.maintenance = maintenance;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(maintenance).addPathPatterns("/api/**");
  }
}
