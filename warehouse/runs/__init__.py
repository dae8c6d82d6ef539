"""warehouse/runs"""
