print("casectl: not built yet")
