print("casenode: not built yet")
