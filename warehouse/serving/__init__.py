"""warehouse/serving"""
