"""warehouse/core"""
